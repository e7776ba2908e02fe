using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Hsi.Api.Features.Operations.Health;

/// <summary>
/// The checks behind <c>/api/system/health</c> and <c>/health/ready</c>, on ASP.NET Core's health
/// checks: the database and Redis through the AspNetCore.HealthChecks packages, the detector and
/// the background workers through checks of this project.
/// </summary>
public static class HealthRegistration
{
    /// <summary>Dependencies: reported under <c>services</c>.</summary>
    public const string ServiceTag = "service";

    /// <summary>Background workers: reported under <c>workers</c> by the readiness probe.</summary>
    public const string WorkerTag = "worker";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Each role is ready when what it runs works: a worker its models and queues, an API node the rest.</summary>
    public static IServiceCollection AddSystemHealthChecks(this IServiceCollection services, ClusterRole role)
    {
        services.AddSingleton<HealthReports>();
        services.AddSingleton<HealthHistory>();
        var checks = services.AddHealthChecks()
            // Without the database nothing works; the other failures leave the API usable (degraded).
            .AddNpgSql(name: "database", failureStatus: HealthStatus.Unhealthy, tags: [ServiceTag], timeout: CheckTimeout)
            .AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), name: "redis", failureStatus: HealthStatus.Degraded, tags: [ServiceTag], timeout: CheckTimeout)
            .AddCheck<AnalysisConsumerCheck>("analysis_consumer", HealthStatus.Unhealthy, [WorkerTag], CheckTimeout);
        if (role == ClusterRole.Api) checks.AddCheck<WorkerDetectorCheck>("ai", HealthStatus.Degraded, [ServiceTag], CheckTimeout);
        else checks.AddCheck<AiHealthCheck>("ai", HealthStatus.Degraded, [ServiceTag], CheckTimeout);
        if (role.ServesClients())
            checks.AddCheck<IngestWatcherCheck>("ingest_watcher", HealthStatus.Unhealthy, [WorkerTag], CheckTimeout)
                .AddCheck<BatchSchedulerCheck>("batch_scheduler", HealthStatus.Unhealthy, [WorkerTag], CheckTimeout)
                .AddCheck<ProjectionDaemonCheck>("projection_daemon", HealthStatus.Unhealthy, [WorkerTag], CheckTimeout);
        return services;
    }
}
