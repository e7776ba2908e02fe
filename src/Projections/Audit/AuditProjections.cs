namespace Hsi.Projections.Audit;

/// <summary>
/// The AI audit's read side: every risk decision per event, every analysis per file, and a row per
/// decision for the stats. Inline, so a replay's report and the audit agree the moment it ends.
/// </summary>
public static class AuditProjections
{
    public static StoreOptions AddAuditProjections(this StoreOptions opts)
    {
        opts.Projections.Add<EventAuditViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<EventAuditView>().Identity(v => v.Id);
        opts.Projections.Add<MediaAuditViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<RiskDecisionViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<RiskDecisionView>().Duplicate(d => d.DecidedAt);
        return opts;
    }
}
