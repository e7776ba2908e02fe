using System.Text.Json;
using Hsi.Domain.Jobs;

namespace Hsi.Projections.Jobs;

/// <summary>Read model of a job: what <c>GET /api/jobs/{job_id}</c> returns, and what the runner looks for after a restart.</summary>
public sealed class JobView
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = "";
    public JobStatus Status { get; set; }
    public int Progress { get; set; }
    public string? Message { get; set; }
    public JsonElement Parameters { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public JsonElement? Result { get; set; }
    public string? ResultUrl { get; set; }
    public string? Error { get; set; }
}
