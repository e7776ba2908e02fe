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
            .Index(e => e.Id, i => { i.Columns = ["started_at", "id"]; i.Name = "ix_securityeventview_started_at_id"; })
            // Analytics (risk history, score distribution and trends) read only these columns: an index-only range scan.
            .Index(e => e.StartedAt, i =>
            {
                i.Columns = ["started_at", "camera_id", "risk_level", "risk_score", "deleted_at"];
                i.Name = "ix_securityeventview_analytics";
            });
        return opts;
    }
}
