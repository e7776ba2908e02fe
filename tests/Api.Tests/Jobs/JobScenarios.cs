using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests.Jobs;

/// <summary>
/// Jobs started and awaited over HTTP. A job runs on JobRunner's own channel and tasks, not as a
/// Wolverine message, so there is nothing to track: waiting for one polls GET /api/jobs/{id}.
/// </summary>
public static class JobScenarios
{
    public static Task<JobBody> FinishedJobAsync(this IAlbaHost host, Guid jobId, string query = "") =>
        Eventually.GetAsync(async () => (await host.GetJsonAsync($"/api/jobs/{jobId}{query}")).As<JobBody>(),
            j => j.Status is "completed" or "failed", what: $"job {jobId} to finish");

    /// <summary>Starts a job (202), waits for it to complete in full; its result.</summary>
    public static async Task<JsonNode> RunJobAsync(this IAlbaHost host, string url, object body)
    {
        var accepted = await host.SendAsync(HttpMethod.Post, url, body, 202);
        var job = await host.FinishedJobAsync(Guid.Parse(accepted.Str("job_id")));
        Assert.Equal("completed", job.Status);
        Assert.Equal(100, job.Progress);
        return job.Result!;
    }
}

/// <summary>GET /api/jobs/{id}.</summary>
public sealed record JobBody(
    string JobId, string Kind, string Status, int Progress, string? Message, JsonNode? Result, string? ResultUrl, string? Error,
    string? CreatedAt, string? StartedAt, string? CompletedAt);
