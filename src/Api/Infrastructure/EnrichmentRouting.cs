using Hsi.Inference.Handlers;
using Wolverine;
using Hsi.Api.Infrastructure.Cluster;
using Wolverine.Postgresql;

namespace Hsi.Api.Infrastructure;

/// <summary>
/// The enrichment queue: every analysed file's <see cref="EnrichMedia"/>, handed to <see cref="EnrichMediaHandler"/> up to
/// <see cref="BatchSize"/> at a time. A durable queue of its own, so enrichment never holds up detection and its dead
/// letters are <c>dlq:enrichment_queue</c>: local on one node, a PostgreSQL queue the workers share in a cluster.
/// </summary>
public static class EnrichmentRouting
{
    /// <summary>An analysis batch's files: the stage reads their streams in one round trip and commits them together.</summary>
    public const int BatchSize = AnalysisRouting.BatchSize;

    /// <summary>Files come from analysis batches already; a lone file waits only this long for others.</summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(50);

    public static void RouteEnrichment(this WolverineOptions opts, ClusterRole role)
    {
        if (role.IsClustered())
        {
            opts.PublishMessage<EnrichMedia>().ToPostgresqlQueue(EventStore.EnrichmentQueue);
            if (role.RunsModels()) opts.ListenToPostgresqlQueue(EventStore.EnrichmentQueue).Polled(BatchSize);
        }
        opts.BatchMessagesOf<EnrichMedia>(batching =>
            {
                batching.BatchSize = BatchSize;
                batching.TriggerTime = GatherFor;
                batching.LocalExecutionQueueName = EventStore.EnrichmentQueue;
                // A batch that keeps failing as a whole is tried file by file: only the file at fault is dead-lettered.
                batching.ProbeIndividuallyAfter(3);
            })
            // The models run on the CPU here: a batch per core at most, leaving the detector its share.
            .MaximumParallelMessages(Math.Max(1, Environment.ProcessorCount / 2));
    }
}
