namespace Hsi.Api.Features.Retention.Cleanup;

public sealed class Request
{
    /// <summary>Report what would be removed, and remove nothing.</summary>
    [QueryParam] public bool DryRun { get; set; }
}

public sealed class Endpoint(RetentionCleanup cleanup) : Endpoint<Request, CleanupReport>
{
    public override void Configure()
    {
        Post("/api/system/cleanup");
        Summary(s => s.Summary = "Remove events and detections older than retention_days from the read models (their streams are archived, not rewritten) and delete their thumbnails; camera files only with CLEANUP_DELETE_MEDIA=true");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.OkAsync(await cleanup.RunAsync(req.DryRun, "api", ct), ct);
}
