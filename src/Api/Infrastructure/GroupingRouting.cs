using Hsi.Domain.SecurityEvents;
using Wolverine;
using Hsi.Api.Infrastructure.Cluster;
using Wolverine.Postgresql;

namespace Hsi.Api.Infrastructure;

/// <summary>
/// Grouping: <see cref="GroupDetections"/> (each analysed file's detections) and <see cref="CheckBatch"/> (a batch's
/// timers) meet on the <c>batching</c> queue, taken one batch at a time so the files of one camera never race for its
/// open batch. In a cluster the analysed files come from every worker through one PostgreSQL queue with a strictly
/// ordered listener: Wolverine's leader gives it to exactly one node, and to another when that node dies.
/// </summary>
public static class GroupingRouting
{
    /// <summary>Two analysis batches' worth: one grouping commit keeps up with the analyses running at once.</summary>
    private const int BatchSize = 2 * AnalysisRouting.BatchSize;

    /// <summary>Files come in analysis batches already; waiting longer only delays the first detection's event.</summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(10);

    /// <summary>Shards of <c>GROUPING_ORDER=partitioned</c>: cameras spread over this many queues, each with one listening node.</summary>
    private const int Shards = 4;

    public static void RouteGrouping(this WolverineOptions opts, HsiSettings settings)
    {
        if (settings.Role.IsClustered() && settings.GroupingOrder == GroupingOrders.Partitioned)
        {
            // Wolverine's global partitioning: a camera's files always reach the same shard, and each shard one node.
            opts.MessagePartitioning.ByMessage<GroupDetections>(g => g.CameraId);
            opts.MessagePartitioning.GlobalPartitioned(topology =>
            {
                topology.UseShardedPostgresqlQueues("grouping", Shards);
                topology.Message<GroupDetections>();
            });
        }
        else if (settings.Role.IsClustered())
        {
            opts.PublishMessage<GroupDetections>().ToPostgresqlQueue(EventStore.BatchingQueue);
            // Every node declares the listener, so whichever node the leader picks can take it over.
            opts.ListenToPostgresqlQueue(EventStore.BatchingQueue).Polled(BatchSize).ListenWithStrictOrdering();
        }
        opts.BatchMessagesOf<GroupDetections>(batching =>
            {
                batching.BatchSize = BatchSize;
                batching.TriggerTime = GatherFor;
                batching.LocalExecutionQueueName = EventStore.BatchingQueue;
                // A batch that keeps failing is tried file by file: only the file at fault is dead-lettered.
                batching.ProbeIndividuallyAfter(3);
            })
            .Sequential();
        // Timers are scheduled on the node that opened the batch; after a failover the node that recovers them
        // may close a batch while another groups into it, and the batch stream's expected version settles that race.
        opts.PublishMessage<CheckBatch>().ToLocalQueue(EventStore.BatchingQueue);
    }
}
