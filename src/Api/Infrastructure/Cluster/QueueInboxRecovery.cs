using Npgsql;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

namespace Hsi.Api.Infrastructure.Cluster;

/// <summary>
/// Takes over the messages a dead node had already pulled from a PostgreSQL queue. Wolverine hands them back to "any
/// node" once the node is gone, but its durability agent then recovers them only into listeners of the node it runs
/// on, and in a cluster of roles that is often a node without that queue (an API node for the workers' analysis
/// queue, a worker for the API nodes' jobs queue): they would wait forever. So every node sweeps, for each shared
/// PostgreSQL queue it listens to, Wolverine's own listener recovery; one node at a time per queue (a session lock),
/// so two competing nodes never both take the same messages.
/// </summary>
public sealed class QueueInboxRecovery(IWolverineRuntime runtime, NpgsqlDataSource database, TimeProvider clock, ILogger<QueueInboxRecovery> logger)
    : BackgroundService
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(2);

    /// <summary>"HSIQ": the advisory lock space of the sweeps, a key per queue.</summary>
    private const int Space = 0x48534951;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SweepEvery, clock, stoppingToken);
                foreach (var listener in runtime.Endpoints.ActiveListeners().Where(l => l.Uri.Scheme == "postgresql").ToList())
                    await SweepAsync(listener.Uri, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogDebug("Inbox sweep skipped: {Error}", ex.Message);
            }
        }
    }

    private async Task SweepAsync(Uri queue, CancellationToken ct)
    {
        // Exclusive listeners (grouping) already recover their own inbox while they listen.
        if (runtime.Endpoints.IsSingleNodeListener(queue) || runtime.Endpoints.FindListenerCircuit(queue) is not { } circuit) return;
        await using var sweeping = await SessionLock.TryTakeAsync(database, Space, SessionLock.KeyOf(queue.ToString()), ct);
        if (sweeping is null) return;
        var recovered = await new ListenerInboxRecovery(runtime, circuit, logger).RecoverAsync(ct);
        if (recovered > 0) logger.LogInformation("Took over {Count} messages of {Queue} that a node which went away had taken", recovered, queue);
    }
}
