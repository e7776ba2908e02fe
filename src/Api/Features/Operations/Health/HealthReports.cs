using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsi.Api.Features.Operations.Health;

/// <summary>One dependency in the SPEC's shape: <c>healthy</c> or <c>unhealthy</c>, why, and details.</summary>
public sealed record ServiceStatus(string Status, string? Message, IReadOnlyDictionary<string, object?>? Details);

/// <summary>One background worker: whether it really runs, and why not.</summary>
public sealed record WorkerStatus(string Name, bool Running, string? Message);

/// <summary>
/// The response writer of the health probes: runs the registered ASP.NET Core health checks and
/// turns their report into SPEC.md's <c>services</c> and <c>workers</c>. Every run of the service checks
/// goes into <see cref="HealthHistory"/>, so a failure or recovery is recorded whoever asked.
/// </summary>
public sealed class HealthReports(HealthCheckService checks, HealthHistory history)
{
    public async Task<(HealthStatus Overall, Dictionary<string, ServiceStatus> Services)> ServicesAsync(CancellationToken ct)
    {
        var report = await checks.CheckHealthAsync(r => r.Tags.Contains(HealthRegistration.ServiceTag), ct);
        history.Observe(report.Entries);
        return (report.Status, report.Entries.ToDictionary(e => e.Key, e => ToService(e.Value)));
    }

    public async Task<(HealthReport Services, IReadOnlyList<WorkerStatus> Workers)> ReadinessAsync(CancellationToken ct)
    {
        var report = await checks.CheckHealthAsync(ct);
        var services = report.Entries.Where(e => HasTag(e.Value, HealthRegistration.ServiceTag)).ToDictionary();
        history.Observe(services);
        var workers = report.Entries.Where(e => HasTag(e.Value, HealthRegistration.WorkerTag))
            .Select(e => new WorkerStatus(e.Key, e.Value.Status == HealthStatus.Healthy, e.Value.Description ?? e.Value.Exception?.Message))
            .ToList();
        return (new HealthReport(services, report.TotalDuration), workers);
    }

    /// <summary><c>healthy</c>, <c>degraded</c> (the API works without what failed) or <c>unhealthy</c> (the database is gone).</summary>
    public static string OverallOf(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    public static ServiceStatus ToService(HealthReportEntry entry)
    {
        var details = entry.Data.ToDictionary(d => d.Key, d => (object?)d.Value);
        details["latency_ms"] = Math.Round(entry.Duration.TotalMilliseconds, 1);
        var message = entry.Description ?? entry.Exception?.Message ?? (entry.Status == HealthStatus.Healthy ? "OK" : "Check failed");
        return new(entry.Status == HealthStatus.Healthy ? "healthy" : "unhealthy", message, details);
    }

    private static bool HasTag(HealthReportEntry entry, string tag) => entry.Tags.Contains(tag);
}
