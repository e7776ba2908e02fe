using Hsi.Api.Features.Operations.Gpu;
using Hsi.Api.Features.Operations.Health;
using Hsi.Api.Http.RateLimiting;
using Hsi.Api.Infrastructure.Workers;
using Hsi.Api.Realtime;
using Prometheus;

namespace Hsi.Api.Features.Operations;

/// <summary>Composition of the operations surface: probes, GPU, metrics, rate limits, <c>/ws/system</c>, the worker supervisor and pipeline latencies.</summary>
public static class SystemOperations
{
    public static WebApplicationBuilder AddSystemOperations(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddSystemHealthChecks(settings.Role);
        builder.Services.AddRedisRateLimiting(settings);
        builder.Services.AddSingleton<GpuStats>();
        builder.Services.AddSingleton<QueueDepths>();
        builder.Services.AddSingleton<OperationalMetrics>();
        if (settings.Role.ServesClients()) builder.Services.AddSupervisedWorker<SystemStatusBroadcast>("system_status");
        builder.Services.AddSingleton<WorkerSupervisor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkerSupervisor>());
        builder.Services.AddSingleton<PipelineLatencies>();
        // The .NET meters prometheus-net would export include the runtime's private_internaldiagnostics_*
        // families, and its event-counter and debug families break promtool's naming rules; request
        // metrics come from UseHttpMetrics, process and GC figures from the default collectors.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true, SuppressEventCounters = true, SuppressDebugMetrics = true });
        return builder;
    }

    /// <summary>Right after UseWebSockets: rate limits (WebSocket connects included) come before authentication and endpoints.</summary>
    public static WebApplication UseSystemOperations(this WebApplication app)
    {
        app.UseRedisRateLimiting(app.Services.GetRequiredService<HsiSettings>());
        app.Services.GetRequiredService<OperationalMetrics>().Register(Metrics.DefaultRegistry);
        app.Services.GetRequiredService<Retention.StorageUsage>().Register(Metrics.DefaultRegistry);
        app.MapRealtimeTopic("/ws/system", SystemStatusBroadcast.Topic);
        return app;
    }

    /// <summary>Prometheus' scrape, at both paths the contract names.</summary>
    public static WebApplication MapMetricsEndpoints(this WebApplication app)
    {
        app.MapMetrics("/metrics");
        app.MapMetrics("/api/metrics");
        return app;
    }
}
