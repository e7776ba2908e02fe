using Hsi.Api.Features.Operations.Gpu;
using Hsi.Api.Infrastructure;
using Npgsql;
using Prometheus;

namespace Hsi.Api.Features.Operations;

/// <summary>
/// Gauges read at each scrape (queue depths, dead letters, projection lag from storage; the GPU), so every
/// API node reports the same figures whichever one Prometheus asks; a scrape while PostgreSQL is
/// down still answers, with these gauges as they last were.
/// </summary>
public sealed class OperationalMetrics(QueueDepths depths, GpuStats gpu, ILogger<OperationalMetrics> logger)
{
    private static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "hsi_queue_depth", "Messages in Wolverine's durable inbox, by local queue and status (incoming, scheduled).", "queue", "status");

    private static readonly Gauge DeadLetters = Metrics.CreateGauge(
        "hsi_dlq_jobs", "Jobs in the dead-letter queue, by the API's queue name.", "queue");

    private static readonly Gauge ProjectionLag = Metrics.CreateGauge(
        "hsi_projection_lag_events", "Events a projection or subscription shard is behind the newest event.", "shard");

    private static readonly string[] Queues = [EventStore.AnalysisQueue, EventStore.RiskQueue, EventStore.BatchingQueue, EventStore.SceneQueue,
        EventStore.EnrichmentQueue, EventStore.NotificationQueue];
    private static readonly string[] Statuses = ["incoming", "scheduled"];
    private static readonly string[] DeadLetterQueues = ["dlq:detection_queue", "dlq:analysis_queue", "dlq:enrichment_queue", "dlq:notification_queue"];

    public void Register(CollectorRegistry registry) => registry.AddBeforeCollectCallback(async ct =>
    {
        // Refreshes the hsi_gpu_* gauges (nvidia-smi, at most every 5 s).
        await gpu.ReadAsync(ct);
        try
        {
            // Zeros first, so a queue that empties reads 0 rather than its last count.
            foreach (var labels in QueueDepth.GetAllLabelValues().ToList()) QueueDepth.WithLabels(labels).Set(0);
            foreach (var queue in Queues)
                foreach (var status in Statuses) QueueDepth.WithLabels(queue, status).Set(0);
            foreach (var d in await depths.InboxAsync(ct)) QueueDepth.WithLabels(d.Queue, d.Status).Set(d.Count);
            foreach (var q in DeadLetterQueues) DeadLetters.WithLabels(q).Set(0);
            foreach (var d in await depths.DeadLettersAsync(ct)) DeadLetters.WithLabels(d.Queue).Set(d.Count);
            foreach (var (shard, behind) in await depths.ProjectionLagAsync(ct)) ProjectionLag.WithLabels(shard).Set(behind);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning("Queue metrics not refreshed: {Error}", ex.Message);
        }
    });
}
