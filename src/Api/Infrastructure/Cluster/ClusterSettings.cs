using Wolverine;
using Wolverine.Postgresql;
using Wolverine.Postgresql.Transport;

namespace Hsi.Api.Infrastructure.Cluster;

/// <summary>How the nodes of a cluster find each other's work: Wolverine's node agents, tuned to fail over in seconds.</summary>
public static class ClusterSettings
{
    /// <summary>
    /// How often an idle PostgreSQL queue is polled (Wolverine's default is 5 s): a cluster's single image passes
    /// three such queues on its way to an event, and its drop-to-GET budget is 0.8 s.
    /// </summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>A node that misses its health checks this long is dead: the leader hands its agents and messages to the others.</summary>
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(10);

    public static void ClusterWith(this WolverineOptions opts, HsiSettings settings)
    {
        opts.ServiceName = "hsi";
        opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
        opts.Durability.StaleNodeTimeout = DeadAfter;
        opts.Durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(5);
        opts.Durability.NodeReassignmentPollingTime = TimeSpan.FromSeconds(2);
        // Scheduled messages (batch timers, retries) are released on this beat.
        opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
        opts.Services.AddSingleton<Wolverine.Runtime.Agents.IAgentFamily, SingularWork>();
    }

    public static bool IsLive(Wolverine.Runtime.Agents.WolverineNode node, DateTimeOffset now) => now - node.LastHealthCheck < DeadAfter;

    /// <summary>Polled every <see cref="PollEvery"/>, taking at most <paramref name="take"/> messages at a time.</summary>
    public static PostgresqlListenerConfiguration Polled(this PostgresqlListenerConfiguration listener, int take) =>
        listener.PollingInterval(PollEvery).MaximumMessagesToReceive(take);
}
