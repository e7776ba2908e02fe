using System.Text.Json;
using Hsi.Domain.Jobs;
using Hsi.Projections.Jobs;

namespace Hsi.Api.Features.Jobs;

/// <summary>
/// A job as <c>GET /api/jobs/{job_id}</c> serves it. <c>status</c> is queued, running, completed or failed
/// (the WebSocket's last message is <c>complete</c>, the status <c>completed</c>).
/// </summary>
public sealed record JobResponse(
    Guid JobId, string Kind, JobStatus Status, int Progress, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    JsonElement? Result, string? ResultUrl, string? Error)
{
    public static JobResponse From(JobView job) => new(
        job.Id, job.Kind, job.Status, job.Progress, job.Message, job.CreatedAt, job.StartedAt, job.CompletedAt,
        job.Result, job.ResultUrl, job.Error);
}

/// <summary>The 202 answer of every endpoint that starts a job.</summary>
public sealed record JobAccepted(Guid JobId, string Status, string StatusUrl, string LogsUrl)
{
    public static JobAccepted Queued(Guid jobId) => new(jobId, "queued", $"/api/jobs/{jobId}", $"/ws/jobs/{jobId}/logs");
}
