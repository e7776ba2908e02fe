namespace Hsi.Projections.SecurityEvents;

/// <summary>The security events module's read side: its projection and indexes.</summary>
public static class SecurityEventProjections
{
    public static StoreOptions AddSecurityEventProjections(this StoreOptions opts)
    {
        // Rebuilds read the event store in pages of this size; the default pages spend more on round trips than on applying.
        opts.Projections.Add<SecurityEventViewProjection>(ProjectionLifecycle.Inline, o => o.BatchSize = 5000);
        opts.Schema.For<SecurityEventView>()
            .Identity(e => e.Id)
            .Duplicate(e => e.StartedAt)
            .Duplicate(e => e.CameraId)
            .Duplicate(e => e.RiskLevel)
            .Duplicate(e => e.Reviewed)
            .Duplicate(e => e.DeletedAt)
            .Duplicate(e => e.RiskScore)
            // The list's order (newest first by started_at, then id), so a page is an index range.
            // (A list of members: a computed index ignores Columns, and its single member would index id alone.)
            .Index([e => e.StartedAt, e => e.Id], i => i.Name = "ix_securityeventview_started_at_id")
            // What analytics (risk history, score distribution, trends) read, a camera's time range at a time: index-only range scans.
            .Index([e => e.CameraId, e => e.StartedAt, e => e.RiskLevel!, e => e.RiskScore!, e => e.DeletedAt!], i => i.Name = "ix_securityeventview_analytics");
        return opts;
    }
}
