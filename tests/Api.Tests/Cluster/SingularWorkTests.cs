using Hsi.Api.Configuration;
using Hsi.Api.Infrastructure.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Runtime.Agents;

namespace Hsi.Api.Tests.Cluster;

/// <summary>
/// Where Wolverine's leader puts the folder watcher and the retention run, given the nodes it knows: the grid as
/// the leader builds it from the nodes' records (capabilities are what each node's <see cref="SingularWork"/> supports).
/// </summary>
public class SingularWorkTests
{
    private static readonly Uri[] Agents = [SingularWork.FolderWatcher, SingularWork.Retention];

    private static readonly SingularWork Family = new(new ServiceCollection().BuildServiceProvider(), new HsiSettings());

    private static WolverineNode ApiNode(int number, bool leader = false, params Uri[] running) => Node(number, Agents, leader, running);

    private static WolverineNode WorkerNode(int number, bool leader = false) => Node(number, [], leader, []);

    private static WolverineNode Node(int number, Uri[] capabilities, bool leader, Uri[] running) => new()
    {
        NodeId = Guid.NewGuid(),
        AssignedNodeNumber = number,
        Capabilities = [.. capabilities],
        ActiveAgents = [.. leader ? [NodeAgentController.LeaderUri] : Array.Empty<Uri>(), .. running],
    };

    private static AssignmentGrid Grid(params WolverineNode[] nodes)
    {
        var grid = new AssignmentGrid();
        foreach (var node in nodes) grid.WithNode(node);
        return grid.WithAgents(Agents);
    }

    private static async Task<Guid?[]> AssignedAsync(AssignmentGrid grid)
    {
        await Family.EvaluateAssignmentsAsync(grid);
        return [.. Agents.Select(a => grid.AgentFor(a).AssignedNode?.NodeId)];
    }

    [Fact]
    public async Task Both_run_on_one_node_that_serves_clients_never_on_a_worker_even_the_leader_and_move_when_it_goes()
    {
        var (worker, first, second) = (WorkerNode(1, leader: true), ApiNode(2), ApiNode(3));
        var grid = Grid(worker, first, second);

        Assert.Equal([first.NodeId, first.NodeId], await AssignedAsync(grid));

        grid.Remove(grid.Nodes.Single(n => n.NodeId == first.NodeId));
        Assert.Equal([second.NodeId, second.NodeId], await AssignedAsync(grid));
    }

    [Fact]
    public async Task A_leader_that_serves_clients_takes_them()
    {
        var leader = ApiNode(3, leader: true);
        Assert.Equal([leader.NodeId, leader.NodeId], await AssignedAsync(Grid(ApiNode(1), WorkerNode(2), leader)));
    }

    [Fact]
    public async Task Running_on_a_node_that_may_keep_them_they_stay_there()
    {
        var holder = ApiNode(2, running: Agents);
        Assert.Equal([holder.NodeId, holder.NodeId], await AssignedAsync(Grid(ApiNode(1, leader: true), holder)));
    }

    [Fact]
    public async Task With_only_workers_left_nobody_runs_them() =>
        Assert.Equal([null, null], await AssignedAsync(Grid(WorkerNode(1, leader: true), WorkerNode(2))));
}
