namespace Hsi.Api.Configuration;

/// <summary>
/// What one process of the one binary does (HSI_ROLE). <see cref="All"/>: everything, its stages joined by
/// durable local queues. <see cref="Api"/>: HTTP, WebSockets, ingest, jobs, grouping and risk.
/// <see cref="Worker"/>: the detector and enrichment stages, taking their messages from PostgreSQL queues
/// that every node of the cluster shares; it serves only health, readiness and metrics.
/// </summary>
public enum ClusterRole { All, Api, Worker }

public static class ClusterRoles
{
    /// <summary>Whether this node serves clients: HTTP, WebSockets, ingest, jobs and the singular agents.</summary>
    public static bool ServesClients(this ClusterRole role) => role != ClusterRole.Worker;

    /// <summary>Whether this node runs the detector and enrichment models.</summary>
    public static bool RunsModels(this ClusterRole role) => role != ClusterRole.Api;

    /// <summary>Whether the stages meet in PostgreSQL queues (a cluster) rather than in this process' local queues.</summary>
    public static bool IsClustered(this ClusterRole role) => role != ClusterRole.All;

    public static string Name(this ClusterRole role) => role.ToString().ToLowerInvariant();
}

/// <summary>
/// GROUPING_ORDER: how a cluster keeps each camera's files in order for grouping. <c>listener</c> (default): one
/// strictly ordered PostgreSQL queue that one node takes. <c>partitioned</c>: Wolverine's global partitioning by
/// camera over sharded queues, the shards spread over the nodes.
/// </summary>
public static class GroupingOrders
{
    public const string Listener = "listener";
    public const string Partitioned = "partitioned";
}
