using Hsi.Domain.Media;
using Hsi.Inference.Handlers;
using Wolverine;
using Hsi.Api.Infrastructure.Cluster;
using Wolverine.Postgresql;

namespace Hsi.Api.Infrastructure;

/// <summary>
/// The analysis queues: <c>analysis-batches</c> takes every accepted file's <see cref="AnalyzeMediaInBatch"/>
/// and hands up to <see cref="BatchSize"/> of them at once to <see cref="AnalyzeMediaBatchHandler"/>;
/// <c>analysis</c> runs a file alone (<see cref="AnalyzeMedia"/>: clips, retries, waiting for a model).
/// On one node both are durable local queues; in a cluster they are PostgreSQL queues that the workers
/// compete for. Either way a member of a batch stays in the inbox until its batch commits.
/// </summary>
public static class AnalysisRouting
{
    public const string BatchQueue = "analysis-batches";

    /// <summary>Enough to share one commit and one round trip of stream reads among many files (32 measured ~0.4 ms of CPU per image under 16 in ops/bench detect); a lone file waits only <see cref="GatherFor"/>.</summary>
    public const int BatchSize = 32;

    /// <summary>How long a lone file waits for others to join it: short, as a single image's drop-to-GET budget is 0.8 s.</summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(50);

    public static void RouteAnalysis(this WolverineOptions opts, ClusterRole role)
    {
        if (role.IsClustered())
        {
            opts.PublishMessage<AnalyzeMedia>().ToPostgresqlQueue(EventStore.AnalysisQueue);
            opts.PublishMessage<AnalyzeMediaInBatch>().ToPostgresqlQueue(BatchQueue);
            if (role.RunsModels())
            {
                opts.ListenToPostgresqlQueue(EventStore.AnalysisQueue).Polled(BatchSize).MaximumParallelMessages(Environment.ProcessorCount + 1);
                // A batch's worth per poll: the workers take turns at the backlog instead of one draining it into its own inbox.
                opts.ListenToPostgresqlQueue(BatchQueue).Polled(BatchSize);
            }
        }
        else
        {
            opts.PublishMessage<AnalyzeMedia>().ToLocalQueue(EventStore.AnalysisQueue).MaximumParallelMessages(Environment.ProcessorCount + 1);
        }
        // One batch per core at once; inside a batch, decoding overlaps the model's runs.
        opts.BatchMessagesOf<AnalyzeMediaInBatch>(batching =>
            {
                batching.BatchSize = BatchSize;
                batching.TriggerTime = GatherFor;
                batching.LocalExecutionQueueName = BatchQueue;
                // Files failing alone are sent on alone by the handler; a batch that keeps failing as a whole is tried file by file.
                batching.ProbeIndividuallyAfter(3);
            })
            .MaximumParallelMessages(Environment.ProcessorCount);
    }
}
