using Hsi.Api.Features.Operations.Health;
using Hsi.Api.Infrastructure.Cluster;
using Hsi.Api.Ingest;
using Hsi.Inference.Handlers;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.Operations.Pipeline;

public sealed record FileWatcherStatus(bool Running, string CameraRoot, int PendingTasks, string ObserverType);

/// <summary>An open batch; <c>started_at</c> is when it opened, in unix seconds.</summary>
public sealed record OpenBatch(string BatchId, string CameraId, int DetectionCount, long StartedAt, double AgeSeconds, double LastActivitySeconds);

public sealed record BatchAggregatorStatus(int ActiveBatches, IReadOnlyList<OpenBatch> Batches, double BatchWindowSeconds, double IdleTimeoutSeconds);

public sealed record DegradationService(string Name, string Status, DateTimeOffset LastCheck, int ConsecutiveFailures, string? ErrorMessage);

/// <summary>
/// What works: <c>mode</c> is <c>normal</c>, <c>degraded</c> (Redis or the detector away), <c>minimal</c> (both) or
/// <c>offline</c> (the database away). <c>memory_queue_size</c> is always 0 and <c>fallback_queues</c> empty: work waits
/// in PostgreSQL's durable queues, Redis or not, so nothing falls back to memory.
/// </summary>
public sealed record DegradationStatus(
    string Mode, bool IsDegraded, bool RedisHealthy, int MemoryQueueSize, IReadOnlyDictionary<string, int> FallbackQueues,
    IReadOnlyList<DegradationService> Services, IReadOnlyList<string> AvailableFeatures);

/// <summary>
/// <c>file_watcher</c> is null where this node does not run the folder watcher (another node of the cluster does);
/// <c>batch_aggregator</c> is null while the database cannot be read.
/// </summary>
public sealed record Response(FileWatcherStatus? FileWatcher, BatchAggregatorStatus? BatchAggregator, DegradationStatus Degradation, DateTimeOffset Timestamp);

/// <summary>
/// The pipeline as it stands: this node's folder watcher, the open batches (from the security event view) with the
/// window and idle timeout in force, and what this node's health checks say works.
/// </summary>
public sealed class Endpoint(
    SingularService<CameraFolderWatcher> watcher, IDocumentStore store, ILiveSettings live, HealthHistory history, HsiSettings settings,
    TimeProvider clock, ILogger<Endpoint> logger) : EndpointWithoutRequest<Response>
{
    /// <summary>At most this many open batches are listed (one per camera is usual).</summary>
    public const int MaxListed = 100;

    public override void Configure()
    {
        Get("/api/system/pipeline");
        Summary(s => s.Summary = "The pipeline: folder watcher, open batches and degradation mode (a part is null when its service is unavailable)");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await Send.OkAsync(new Response(FileWatcher(), await BatchesAsync(now, ct), Degradation(), now), ct);
    }

    private FileWatcherStatus? FileWatcher() => watcher.Current is not { } w ? null
        : new(w.ExecuteTask is { IsCompleted: false }, settings.CameraRoot, w.PendingFiles, settings.FileWatcherPolling ? "polling" : "native");

    private async Task<BatchAggregatorStatus?> BatchesAsync(DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var inForce = await live.CurrentAsync(ct);
            await using var session = store.QuerySession();
            var open = session.Query<SecurityEventView>().Where(e => !e.Closed && e.DeletedAt == null);
            var count = await open.CountAsync(ct);
            var batches = await open.OrderBy(e => e.OpenedAt).Take(MaxListed).ToListAsync(ct);
            return new(count, [.. batches.Select(b => new OpenBatch(b.BatchId, b.CameraId, b.DetectionCount, b.OpenedAt.ToUnixTimeSeconds(),
                    Seconds(now - b.OpenedAt), Seconds(now - b.UpdatedAt)))],
                inForce.BatchWindowSeconds, inForce.BatchIdleTimeoutSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Open batches not read: {Error}", ex.Message);
            return null;
        }
    }

    private static double Seconds(TimeSpan span) => Math.Round(Math.Max(0, span.TotalSeconds), 1);

    private DegradationStatus Degradation()
    {
        var services = history.Services();
        bool Healthy(string name) => services.FirstOrDefault(s => s.Name == name) is not { Status: not "healthy" };
        var (database, redis, ai) = (Healthy("database"), Healthy("redis"), Healthy("ai"));
        var mode = !database ? "offline" : !redis && !ai ? "minimal" : !redis || !ai ? "degraded" : "normal";
        var features = new List<string>();
        if (database) features.AddRange(["ingest", "batching", "risk_analysis", "event_history"]);
        if (database && ai) features.Add("object_detection");
        if (redis) features.AddRange(["cluster_live_updates", "rate_limiting", "deduplication", "pipeline_latency"]);
        return new(mode, mode != "normal", redis, 0, new Dictionary<string, int>(),
            [.. services.Select(s => new DegradationService(s.Name, s.Status, s.LastCheck, s.ConsecutiveFailures, s.ErrorMessage))], features);
    }
}
