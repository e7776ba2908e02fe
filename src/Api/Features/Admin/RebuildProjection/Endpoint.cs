using Hsi.Api.Features.Jobs;

namespace Hsi.Api.Features.Admin.RebuildProjection;

public sealed class Request
{
    public string Name { get; set; } = "";
}

public sealed class Endpoint(ProjectionCatalog catalog, IJobScheduler jobs) : Endpoint<Request, JobAccepted>
{
    /// <summary>One rebuild request at a time per node, so two racing requests cannot both find no rebuild under way.</summary>
    private static readonly SemaphoreSlim Starting = new(1, 1);

    public override void Configure()
    {
        Post("/api/admin/projections/{name}/rebuild");
        Description(b => b.Produces<JobAccepted>(202).Produces<ErrorDetail>(404).Produces<ErrorDetail>(409));
        Summary(s => s.Summary = "Rebuild one projection from the event store through Marten's projection daemon, as a job (progress on /ws/jobs/{job_id}/logs); the API keeps serving");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (catalog.Resolve(req.Name) is not { } projection)
        {
            await HttpContext.SendDetail(404, $"Projection {req.Name} not found; GET /api/admin/projections lists them");
            return;
        }
        if (projection == ProjectionCatalog.JobsProjection)
        {
            // Every running job, this rebuild's own included, writes its status there while the rebuild would replay it.
            await HttpContext.SendDetail(409, $"Projection {req.Name} holds the jobs' own status and cannot be rebuilt by a job; run `Hsi.Api projections --rebuild {projection}` with the API stopped");
            return;
        }
        await Starting.WaitAsync(ct);
        try
        {
            if ((await catalog.RebuildsUnderWayAsync(ct)).TryGetValue(projection, out var running))
            {
                await HttpContext.SendDetail(409, $"Projection {req.Name} is already being rebuilt by job {running}");
                return;
            }
            var jobId = await jobs.StartAsync(ProjectionRebuildJob.Name, new ProjectionRebuildParameters(projection), ct);
            await Send.ResponseAsync(JobAccepted.Queued(jobId), 202, ct);
        }
        finally
        {
            Starting.Release();
        }
    }
}
