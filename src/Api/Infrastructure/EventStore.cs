using Hsi.Api.Realtime;
using JasperFx.Events.Daemon;
using Hsi.Domain.Alerts;
using Hsi.Domain.Media;
using Hsi.Domain.Scenes;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Handlers;
using Hsi.Projections.Alerts;
using Hsi.Projections.Audit;
using Hsi.Projections.Baselines;
using Hsi.Projections.Calibration;
using Hsi.Projections.Cameras;
using Hsi.Projections.Detections;
using Hsi.Projections.Enrichment;
using Hsi.Projections.EventStore;
using Hsi.Projections.Jobs;
using Hsi.Projections.Media;
using Hsi.Projections.Properties;
using Hsi.Projections.SecurityEvents;
using Hsi.Projections.Tracks;
using Hsi.Projections.Scenes;
using Hsi.Projections.Zones;
using Hsi.Projections.Entities;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Weasel.Core;
using Weasel.Postgresql;
using Wolverine;
using Wolverine.Marten;

namespace Hsi.Api.Infrastructure;

public static class EventStore
{
    public const string Schema = StoreSchema.Name;
    public const string AnalysisQueue = "analysis";
    public const string BatchingQueue = "batching";
    public const string RiskQueue = "risk";
    public const string SceneQueue = "scene";
    public const string AlertsQueue = "alerts";
    public const string NotificationQueue = "notification";
    public const string EnrichmentQueue = "enrichment";
    public const string MessagesSchema = "hsi_messages";

    /// <summary>Two analysis batches' worth: one grouping commit keeps up with the analyses running at once.</summary>
    private const int GroupingBatchSize = 2 * AnalysisRouting.BatchSize;

    /// <summary>Files come in analysis batches already; waiting longer only delays the first detection's event.</summary>
    private static readonly TimeSpan GroupingGatherFor = TimeSpan.FromMilliseconds(10);

    /// <summary>Marten (events + projections in schema <c>hsi</c>) with Wolverine's outbox and durable local queues.</summary>
    public static void AddEventStore(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(settings.NpgsqlConnectionString);
                opts.DatabaseSchemaName = Schema;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);

                opts.AddCameraProjections();
                opts.AddMediaProjections();
                opts.AddDetectionProjections();
                opts.AddSecurityEventProjections();
                opts.AddCalibrationProjections();
                opts.AddZoneProjections();
                opts.AddTrackProjections();
                opts.AddPropertyProjections();
                opts.AddSceneProjections();
                opts.AddEntityProjections();
                opts.AddBaselineProjections();

                opts.AddIdSequences();
                opts.AddAuditProjections();
                opts.AddJobProjections();
                opts.AddAlertProjections();
                opts.AddEnrichmentProjections();
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = MessagesSchema)
            // One node at a time runs the async daemon (leader election by advisory lock).
            .AddAsyncDaemon(DaemonMode.HotCold)
            .AddSubscriptionWithServices<LiveMessageSubscription>(ServiceLifetime.Singleton)
            .SubscribeToEventsWithServices<AlertTriggerSubscription>(ServiceLifetime.Singleton);

        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Discovery.IncludeAssembly(typeof(AnalyzeMediaHandler).Assembly);
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.RouteAnalysis();
            opts.RouteEnrichment();
            // Its own queue: a slow LLM never holds up detection, and its dead letters are dlq:analysis_queue.
            opts.PublishMessage<AssessRisk>().ToLocalQueue(RiskQueue);
            // One at a time per node: files of one camera then never race for its open batch (expected versions guard across nodes).
            // Grouping takes the files waiting a batch at a time, on the same queue as the close checks.
            opts.BatchMessagesOf<GroupDetections>(batching =>
                {
                    batching.BatchSize = GroupingBatchSize;
                    batching.TriggerTime = GroupingGatherFor;
                    batching.LocalExecutionQueueName = BatchingQueue;
                    // A batch that keeps failing is tried file by file: only the file at fault is dead-lettered.
                    batching.ProbeIndividuallyAfter(3);
                })
                .Sequential();
            opts.PublishMessage<CheckBatch>().ToLocalQueue(BatchingQueue);
            // One at a time per node: pictures of one camera take turns at its reference view (expected versions guard across nodes).
            opts.PublishMessage<CheckScene>().ToLocalQueue(SceneQueue).Sequential();
            opts.Discovery.IncludeAssembly(typeof(Hsi.Api.Notifications.DeliverAlertHandler).Assembly);
            opts.PublishMessage<EvaluateAlertRules>().ToLocalQueue(AlertsQueue);
            // Each delivery its own durable message: retries and dead letters (dlq:notification_queue) per channel.
            opts.PublishMessage<DeliverAlert>().ToLocalQueue(NotificationQueue);
        });
    }
}
