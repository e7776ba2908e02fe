using Hsi.Api.Features.Jobs;
using Hsi.Api.Infrastructure;
using Npgsql;

namespace Hsi.Api.Features.Admin.RebuildProjection;

public sealed class Request
{
    public string Name { get; set; } = "";
}

public sealed class Endpoint(ProjectionCatalog catalog, IJobScheduler jobs, NpgsqlDataSource database) : Endpoint<Request, JobAccepted>
{
    /// <summary>"HSIR": the advisory lock space of rebuild requests, apart from the jobs' locks.</summary>
    private const int StartingSpace = 0x48534952;

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
        // One rebuild request of a projection at a time in the whole cluster, so two racing requests (on any nodes)
        // cannot both find no rebuild under way: a session lock in the database, released with its connection.
        await using (await SessionLock.WaitAsync(database, StartingSpace, SessionLock.KeyOf(projection), ct))
        {
            if ((await catalog.RebuildsUnderWayAsync(ct)).TryGetValue(projection, out var running))
            {
                await HttpContext.SendDetail(409, $"Projection {req.Name} is already being rebuilt by job {running}");
                return;
            }
            var jobId = await jobs.StartAsync(ProjectionRebuildJob.Name, new ProjectionRebuildParameters(projection), ct);
            await Send.ResponseAsync(JobAccepted.Queued(jobId), 202, ct);
        }
    }
}
