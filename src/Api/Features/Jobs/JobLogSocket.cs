using System.Net.WebSockets;
using System.Text.Json;
using Hsi.Api.Realtime;
using Hsi.Domain.Jobs;
using Hsi.Projections.Jobs;

namespace Hsi.Api.Features.Jobs;

/// <summary>A job's log line as <c>/ws/jobs/{job_id}/logs</c> sends it: <c>{"type":"log","data":{timestamp, level, message, context}}</c>.</summary>
public sealed record JobLogLine(DateTimeOffset Timestamp, string Level, string Message, JsonElement? Context);

/// <summary>The final message of a job that completed: <c>{"type":"complete","data":{message, result, result_url}}</c>.</summary>
public sealed record JobCompletion(string Message, JsonElement? Result, string? ResultUrl);

/// <summary>The final message of a job that failed: <c>{"type":"failed","data":{message, error}}</c>.</summary>
public sealed record JobFailure(string Message, string Error);

/// <summary>
/// <c>/ws/jobs/{job_id}/logs</c> (SPEC.md §4): every log line the job has recorded, from its start, also to
/// a client that connects later, then its live lines, then <c>complete</c> or <c>failed</c> and a 1000 close.
/// Lines come from the job's stream, so a watcher may be on any node; this node's runner wakes it at once.
/// </summary>
public static class JobLogSocket
{
    /// <summary>How often a watcher looks at the stream when no record on this node woke it (a job run by another node).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Private-use close codes (RFC 6455 §7.4.2) for a request that names no job.</summary>
    private const WebSocketCloseStatus NotAJobId = (WebSocketCloseStatus)4400;
    private const WebSocketCloseStatus UnknownJob = (WebSocketCloseStatus)4404;

    public static void MapJobLogs(this WebApplication app) =>
        app.Map("/ws/jobs/{job_id}/logs", async (HttpContext ctx, string job_id, RealtimeHub hub, WebSocketConnections connections,
            ApiKeyValidator keys, HsiSettings settings, JobActivity activity, IDocumentStore store, TimeProvider clock, ILoggerFactory logs) =>
        {
            using var gated = await RealtimeEndpoints.AcceptAsync(ctx, connections, keys);
            if (gated is null) return;
            if (!Guid.TryParse(job_id, out var jobId))
            {
                await RealtimeEndpoints.RefuseAsync(gated.Socket, NotAJobId, "job_id must be a UUID");
                return;
            }
            await using (var query = store.QuerySession())
            {
                if (await query.LoadAsync<JobView>(jobId, ctx.RequestAborted) is null)
                {
                    await RealtimeEndpoints.RefuseAsync(gated.Socket, UnknownJob, $"Job {jobId} not found");
                    return;
                }
            }
            var client = new RealtimeClient(lossless: true);
            var session = new WebSocketSession(gated.Socket, client, settings, clock, logs.CreateLogger<WebSocketSession>());
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
            var feeding = FeedAsync(jobId, client, hub, activity, store, clock, stop.Token);
            await session.RunAsync(ctx.RequestAborted);
            await stop.CancelAsync();
            try
            {
                await feeding;
            }
            catch (OperationCanceledException)
            {
                // The client left before the job ended; the job goes on without it.
            }
        })
        // Gated like every socket: the key is checked by the endpoint, so a refusal is a 1008 close.
        .AllowAnonymous()
        .ExcludeFromDescription();

    /// <summary>Puts the job's log lines into the client's outbox, in stream order, until the job ends; then completes the outbox.</summary>
    private static async Task FeedAsync(Guid jobId, RealtimeClient client, RealtimeHub hub, JobActivity activity, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var key = StreamKeys.Job(jobId);
        var seen = 0L;
        while (true)
        {
            var recorded = activity.NextAsync(jobId);
            IReadOnlyList<JasperFx.Events.IEvent> events;
            await using (var query = store.QuerySession())
                events = await query.Events.FetchStreamAsync(key, fromVersion: seen + 1, token: ct);
            foreach (var e in events.Where(e => e.Version > seen))
            {
                seen = e.Version;
                (string Type, object? Data, string? CloseReason) message = e.Data switch
                {
                    JobLogged x => ("log", new JobLogLine(x.At, x.Level, x.Message, x.Context), null),
                    JobCompleted x => ("complete", new JobCompletion(x.Message, x.Result, x.ResultUrl), "Job completed"),
                    JobFailed x => ("failed", new JobFailure(x.Reason, x.Reason), "Job failed"),
                    _ => ("", null, null),
                };
                var (type, data, closeReason) = message;
                if (data is null) continue;
                await client.Outbox.Writer.WriteAsync(hub.Envelope(type, data, e.Version), ct);
                if (closeReason is null) continue;
                client.CloseReason = closeReason;
                client.Outbox.Writer.Complete();
                // Nothing more will be recorded: let go of the wake-up this watcher registered.
                activity.Recorded(jobId);
                return;
            }
            await Task.WhenAny(recorded, Task.Delay(PollInterval, clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }
}
