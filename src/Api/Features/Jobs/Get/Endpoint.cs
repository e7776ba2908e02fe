using Hsi.Projections.Jobs;

namespace Hsi.Api.Features.Jobs.Get;

public sealed class Request
{
    public Guid JobId { get; set; }
}

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, JobResponse>
{
    public override void Configure()
    {
        Get("/api/jobs/{job_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Where a job (replay, rebuild, export) stands: status queued/running/completed/failed, progress 0–100, its result");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadAsync<JobView>(req.JobId, ct).OrNotFoundAsync(HttpContext, $"Job {req.JobId} not found") is not { } job) return;
        await Send.OkAsync(JobResponse.From(job), ct);
    }
}
