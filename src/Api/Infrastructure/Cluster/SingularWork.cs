using Hsi.Api.Features.Retention;
using JasperFx;
using Hsi.Api.Ingest;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Hsi.Api.Infrastructure.Cluster;

/// <summary>
/// The work the whole cluster does once: the camera folder watcher, the daily retention run and the storage eviction. Wolverine's leader
/// assigns each to one node that serves clients (never a worker), preferring itself, and to another such node when
/// that one stops answering its health checks. A lone node runs them all.
/// </summary>
public sealed class SingularWork(IServiceProvider services, HsiSettings settings) : IStaticAgentFamily
{
    public const string SchemeName = "hsi";
    public static readonly Uri FolderWatcher = new($"{SchemeName}://folder-watcher/");
    public static readonly Uri Retention = new($"{SchemeName}://retention/");
    public static readonly Uri Storage = new($"{SchemeName}://storage/");
    private static readonly IReadOnlyList<Uri> Agents = [FolderWatcher, Retention, Storage];

    public string Scheme => SchemeName;

    public ValueTask<IReadOnlyList<Uri>> AllKnownAgentsAsync() => ValueTask.FromResult(Agents);

    public ValueTask<IReadOnlyList<Uri>> SupportedAgentsAsync() =>
        ValueTask.FromResult(settings.Role.ServesClients() ? Agents : []);

    public ValueTask<IAgent> BuildAgentAsync(Uri uri, IWolverineRuntime runtime)
    {
        if (!settings.Role.ServesClients()) throw new InvalidAgentException($"a {settings.Role.Name()} node runs no {uri}");
        IAgent agent = uri == FolderWatcher ? services.GetRequiredService<SingularService<CameraFolderWatcher>>()
            : uri == Retention ? services.GetRequiredService<SingularService<RetentionSchedule>>()
            : uri == Storage ? services.GetRequiredService<SingularService<StorageEvictionSchedule>>()
            : throw new InvalidAgentException($"'{uri}' is none of {string.Join(", ", Agents)}");
        return ValueTask.FromResult(agent);
    }

    public ValueTask EvaluateAssignmentsAsync(AssignmentGrid assignments)
    {
        foreach (var agent in assignments.MatchAgentsToCapableNodesFor(SchemeName))
        {
            if (agent.AssignedNode is { } node && agent.CandidateNodes.Contains(node)) continue;
            if ((agent.CandidateNodes.FirstOrDefault(n => n.IsLeader) ?? agent.CandidateNodes.FirstOrDefault()) is { } target)
                target.Assign(agent);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A background service run as a Wolverine agent: a fresh instance each time the leader assigns it to this node,
/// stopped when it is moved away. <see cref="Current"/> is the running one, if this node has it. The supervisor
/// watches it under its agent's name (<c>folder_watcher</c>, <c>retention</c>) and restarts it where it runs.
/// </summary>
public sealed class SingularService<T>(IServiceProvider services, Uri uri) : IAgent, Workers.ISupervisedWorker where T : BackgroundService
{
    public Uri Uri => uri;

    public AgentStatus Status { get; private set; } = AgentStatus.Stopped;

    public T? Current { get; private set; }

    public string Name => uri.Host.Replace('-', '_');

    public int MaxRestarts => Workers.SupervisedWorkers.DefaultMaxRestarts;

    public Task? Run => Current?.ExecuteTask;

    public DateTimeOffset? StartedAt { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Current is not null) return;
        var service = ActivatorUtilities.CreateInstance<T>(services);
        await service.StartAsync(cancellationToken);
        Current = service;
        Status = AgentStatus.Running;
        StartedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Current is { } service)
        {
            await service.StopAsync(cancellationToken);
            service.Dispose();
        }
        Current = null;
        Status = AgentStatus.Stopped;
    }
}
