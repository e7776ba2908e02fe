using Hsi.Api.Infrastructure.Cluster;
using Wolverine.Runtime;

namespace Hsi.Api.Features.Operations.Cluster;

public sealed record NodeIdentity(Guid NodeId, int NodeNumber, string Name, string Role);

public sealed record ClusterNode(
    Guid NodeId, int NodeNumber, string? Name, string? Role, bool Leader, bool Live, DateTimeOffset StartedAt,
    DateTimeOffset LastHealthCheck, IReadOnlyList<string> Agents);

public sealed record Response(NodeIdentity Self, IReadOnlyList<ClusterNode> Nodes);

/// <summary>
/// The cluster as Wolverine's node table has it: every node, which one leads, which agents (folder watcher,
/// retention, the grouping listener, durability) each runs, with the names and roles the nodes report.
/// </summary>
public sealed class Endpoint(IWolverineRuntime runtime, NodeReports reports, HsiSettings settings, TimeProvider clock)
    : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        // Not a probe: which node leads and runs what is for operators, behind the API key when keys are on.
        Get("/api/system/cluster");
        Summary(s => s.Summary = "The nodes of the cluster: role, leader, liveness and the singular agents each runs");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var named = (await reports.AllAsync(ct)).ToDictionary(r => r.NodeId);
        var now = clock.GetUtcNow();
        var nodes = (await runtime.Storage.Nodes.LoadAllNodesAsync(ct))
            .OrderBy(n => n.AssignedNodeNumber)
            .Select(n => new ClusterNode(
                n.NodeId, n.AssignedNodeNumber, named.GetValueOrDefault(n.NodeId)?.Name, named.GetValueOrDefault(n.NodeId)?.Role,
                n.IsLeader(), ClusterSettings.IsLive(n, now), n.Started, n.LastHealthCheck,
                [.. n.ActiveAgents.Select(a => a.ToString()).Order(StringComparer.Ordinal)]))
            .ToList();
        var self = new NodeIdentity(reports.NodeId, runtime.Options.Durability.AssignedNodeNumber, settings.NodeName, settings.Role.Name());
        // This node as it runs now: a lone node (Wolverine's solo mode) keeps no node table.
        var own = new ClusterNode(self.NodeId, self.NodeNumber, self.Name, self.Role,
            nodes.FirstOrDefault(n => n.NodeId == self.NodeId)?.Leader ?? runtime.Agents.AllRunningAgentUris().Any(a => a.Scheme == "wolverine" && a.Host == "leader"),
            true, nodes.FirstOrDefault(n => n.NodeId == self.NodeId)?.StartedAt ?? named[self.NodeId].StartedAt, now,
            [.. runtime.Agents.AllRunningAgentUris().Select(a => a.ToString()).Order(StringComparer.Ordinal)]);
        nodes = [.. nodes.Where(n => n.NodeId != self.NodeId).Append(own).OrderBy(n => n.NodeNumber)];
        await Send.OkAsync(new Response(self, nodes), ct);
    }
}
