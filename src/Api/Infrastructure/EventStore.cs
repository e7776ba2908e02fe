using Hsi.Api.Features.Jobs;
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
using Hsi.Api.Infrastructure.Cluster;
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
    /// <summary>Where Wolverine's PostgreSQL transport keeps the queues that join the nodes of a cluster.</summary>
    public const string QueuesSchema = "hsi_queues";

    /// <summary>Marten (events + projections in schema <c>hsi</c>) with Wolverine's outbox and durable local queues.</summary>
    public static void AddEventStore(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(settings.NpgsqlConnectionString);
                opts.DatabaseSchemaName = Schema;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                // Appends NOTIFY the daemon, which then hands new events to the projections and the live
                // subscription at once instead of on its next poll (up to 1 s later); polling stays the fallback.
                opts.Events.UseListenNotifyForEventAppends = true;
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
            .IntegrateWithWolverine(w =>
            {
                w.MessageStorageSchemaName = MessagesSchema;
                w.TransportSchemaName = QueuesSchema;
            })
            // One node at a time runs the async daemon (leader election by advisory lock); workers never do,
            // so the projections and the live subscription stay off the machines busy with the models.
            .AddAsyncDaemon(settings.Role == ClusterRole.Worker ? DaemonMode.Disabled : DaemonMode.HotCold)
            .AddSubscriptionWithServices<LiveMessageSubscription>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<Features.Operations.PipelineLatencySubscription>(ServiceLifetime.Singleton)
            .SubscribeToEventsWithServices<AlertTriggerSubscription>(ServiceLifetime.Singleton);

        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Discovery.IncludeAssembly(typeof(AnalyzeMediaHandler).Assembly);
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.ClusterWith(settings);
            opts.RouteAnalysis(settings.Role);
            opts.RouteEnrichment(settings.Role);
            // Its own queue: a slow LLM never holds up detection, and its dead letters are dlq:analysis_queue.
            opts.PublishMessage<AssessRisk>().ToLocalQueue(RiskQueue);
            opts.RouteGrouping(settings);
            opts.RouteJobs(settings);
            // One at a time per node: pictures of one camera take turns at its reference view (expected versions guard across nodes).
            opts.PublishMessage<CheckScene>().ToLocalQueue(SceneQueue).Sequential();
            opts.Discovery.IncludeAssembly(typeof(Hsi.Api.Notifications.DeliverAlertHandler).Assembly);
            opts.PublishMessage<EvaluateAlertRules>().ToLocalQueue(AlertsQueue);
            // Each delivery its own durable message: retries and dead letters (dlq:notification_queue) per channel.
            opts.PublishMessage<DeliverAlert>().ToLocalQueue(NotificationQueue);
        });
    }
}
