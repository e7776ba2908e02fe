using Hsi.Api.Infrastructure;
using Hsi.Api.Infrastructure.Cluster;
using Hsi.Api.Ingest;
using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace Hsi.Api.Features.Operations.Health;

/// <summary>
/// The camera folder watcher: where this node holds it, its loop went round recently; elsewhere, a live node of
/// the cluster holds it (Wolverine's leader assigns it to one node).
/// </summary>
public sealed class IngestWatcherCheck(SingularService<CameraFolderWatcher> agent, IWolverineRuntime runtime, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (agent.Current is not { } watcher)
        {
            var holder = (await runtime.Storage.Nodes.LoadAllNodesAsync(cancellationToken))
                .FirstOrDefault(n => n.NodeId != runtime.Options.UniqueNodeId && ClusterSettings.IsLive(n, clock.GetUtcNow()) && n.ActiveAgents.Contains(SingularWork.FolderWatcher));
            return holder is null
                ? HealthCheckResult.Unhealthy("No node watches the camera folders yet")
                : HealthCheckResult.Healthy($"Node {holder.AssignedNodeNumber} watches the camera folders");
        }
        return watcher switch
        {
            { ExecuteTask: null } => HealthCheckResult.Unhealthy("Folder watcher not started"),
            { ExecuteTask.IsFaulted: true } w => HealthCheckResult.Unhealthy($"Folder watcher failed: {w.ExecuteTask.Exception?.GetBaseException().Message}"),
            { ExecuteTask.IsCompleted: true } => HealthCheckResult.Unhealthy("Folder watcher stopped"),
            { LastLoopAt: null } => HealthCheckResult.Unhealthy("Folder watcher still scanning the camera folders at start-up"),
            { LastLoopAt: { } at } when clock.GetUtcNow() - at > StalledAfter => HealthCheckResult.Unhealthy($"Folder watcher stalled since {at:O}"),
            _ => HealthCheckResult.Healthy("Watching the camera folders"),
        };
    }
}

/// <summary>Whether Wolverine's listeners on the named queues (local, or PostgreSQL ones as <c>postgresql://name/</c>) are accepting messages.</summary>
public abstract class QueueListenerCheck(IWolverineRuntime runtime, params string[] queues) : IHealthCheck
{
    public virtual Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListenersProblem() is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy($"Listening on {string.Join(", ", queues)}"));

    protected string? ListenersProblem()
    {
        foreach (var queue in queues)
        {
            // A durable local queue is its own listener (it receives from the durable inbox).
            var listener = queue.Contains("://") ? runtime.Endpoints.FindListeningAgent(new Uri(queue)) as IListenerCircuit : runtime.Endpoints.AgentForLocalQueue(queue) as IListenerCircuit;
            if (listener is not { } circuit) return $"Queue {queue} has no consumer";
            if (circuit.Status != ListeningStatus.Accepting) return $"Queue {queue} is {circuit.Status.ToString().ToLowerInvariant()}";
        }
        return null;
    }
}

/// <summary>
/// The media analysis and risk analysis consumers are listening: on one node both local queues; on a worker the
/// PostgreSQL queues of analysis and enrichment; on an API node the risk queue (the workers take the analysis).
/// </summary>
public sealed class AnalysisConsumerCheck(IWolverineRuntime runtime, HsiSettings settings) : QueueListenerCheck(runtime, QueuesOf(settings.Role))
{
    // Wolverine names a PostgreSQL queue's tables after it, so it spells '-' as '_'.
    private static string[] QueuesOf(ClusterRole role) => role switch
    {
        ClusterRole.Worker => [.. new[] { EventStore.AnalysisQueue, AnalysisRouting.BatchQueue, EventStore.EnrichmentQueue }.Select(q => $"postgresql://{q.Replace('-', '_')}/")],
        ClusterRole.Api => [EventStore.RiskQueue],
        _ => [EventStore.AnalysisQueue, EventStore.RiskQueue],
    };
}

/// <summary>
/// The batch scheduler: the batching queue listens, and Wolverine's durability agent moves scheduled
/// messages (the batches' CheckBatch) on time: none is overdue by more than a minute.
/// </summary>
public sealed class BatchSchedulerCheck(IWolverineRuntime runtime, NpgsqlDataSource db, TimeProvider clock)
    : QueueListenerCheck(runtime, EventStore.BatchingQueue)
{
    private static readonly TimeSpan OverdueAfter = TimeSpan.FromMinutes(1);
    private readonly IWolverineRuntime _runtime = runtime;

    public override async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (ListenersProblem() is { } problem) return HealthCheckResult.Unhealthy(problem);
        if (!_runtime.Agents.AllRunningAgentUris().Any(IsDurabilityAgent) && !await AssignedToLiveNodeAsync(cancellationToken))
            return HealthCheckResult.Unhealthy("Wolverine's durability agent (it releases scheduled messages) runs on no node yet");
        await using var cmd = db.CreateCommand(
            $"select min(execution_time) from {EventStore.MessagesSchema}.wolverine_incoming_envelopes where status = 'Scheduled'");
        var oldest = await cmd.ExecuteScalarAsync(cancellationToken) as DateTime?;
        if (oldest is { } due && clock.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) > OverdueAfter)
            return HealthCheckResult.Unhealthy($"Scheduled batch checks overdue since {due:O}");
        return HealthCheckResult.Healthy("Batch timers run on time");
    }

    private static bool IsDurabilityAgent(Uri agent) => agent.Scheme == "wolverinedb";

    /// <summary>With several nodes the leader assigns the agent to one of them, recorded with each node's last health check.</summary>
    private async Task<bool> AssignedToLiveNodeAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select exists (select 1 from {EventStore.MessagesSchema}.wolverine_node_assignments a " +
            $"join {EventStore.MessagesSchema}.wolverine_nodes n on n.id = a.node_id " +
            "where a.id like 'wolverinedb://%' and n.health_check > now() - interval '1 minute')");
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>
/// The Marten async daemon (HotCold: one node leads). On the leader: running, no shard paused or
/// stopped. Elsewhere: ready when another node holds the daemon's leader lock.
/// </summary>
public sealed class ProjectionDaemonCheck(IProjectionCoordinator coordinator, NpgsqlDataSource db) : IHealthCheck
{
    private static readonly TimeSpan StandbyQuietFor = TimeSpan.FromSeconds(60);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var daemon = coordinator.DaemonForMainDatabase();
        if (daemon.IsRunning)
        {
            var agents = daemon.CurrentAgents();
            var stopped = agents.Where(a => a.Status != AgentStatus.Running).Select(a => $"{a.Name.Identity} {a.Status}".ToLowerInvariant()).ToList();
            if (stopped.Count > 0) return HealthCheckResult.Unhealthy($"Projection shards not running: {string.Join(", ", stopped)}");
            if (agents.Count == 0) return HealthCheckResult.Unhealthy("The daemon runs no projection or subscription shard");
            return HealthCheckResult.Healthy($"Leader; {agents.Count} shards running");
        }
        // Another node leads when the shards keep up with the newest event (or moved lately); the leader's lock
        // is Marten's own business and its id has changed between versions.
        await using var cmd = db.CreateCommand(
            $"select coalesce((select max(seq_id) from {EventStore.Schema}.mt_events), 0) - coalesce(min(last_seq_id), 0), " +
            $"coalesce(extract(epoch from now() - max(last_updated)), 1e9) from {EventStore.Schema}.mt_event_progression where name not like 'HighWater%'");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (behind, quietSeconds) = (reader.GetInt64(0), reader.GetDouble(1));
        return behind <= 0 || quietSeconds < StandbyQuietFor.TotalSeconds
            ? HealthCheckResult.Healthy("Standby; another node leads the projection daemon")
            : HealthCheckResult.Unhealthy("No node runs the projection daemon");
    }
}
