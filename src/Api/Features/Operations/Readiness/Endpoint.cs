using Hsi.Api.Features.Operations.Health;
using Hsi.Inference;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsi.Api.Features.Operations.Readiness;

public sealed record Response(
    bool Ready, string Status, IReadOnlyDictionary<string, ServiceStatus> Services, IReadOnlyList<WorkerStatus> Workers,
    bool SupervisorHealthy, IReadOnlyDictionary<string, string>? AiWarmthStatus, DateTimeOffset Timestamp);

/// <summary>
/// The readiness probe: the dependencies of <c>/api/system/health</c> plus each background worker,
/// checked for real (the watch loop turning, the queues listening, the scheduler and the projection
/// daemon running). <c>ready</c> (200) only when all of it works; <c>degraded</c> (503) when the
/// workers run but Redis or the detector does not; <c>not_ready</c> (503) otherwise.
/// </summary>
public sealed class Endpoint(HealthReports reports, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/system/health/ready");
        AllowAnonymous();
        Description(b => b.Produces<Response>(503));
        Summary(s => s.Summary = "Readiness: dependencies and background workers (200 ready, 503 degraded or not ready)");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (services, workers) = await reports.ReadinessAsync(ct);
        var workersRun = workers.All(w => w.Running);
        var status = !workersRun || services.Status == HealthStatus.Unhealthy ? "not_ready"
            : services.Status == HealthStatus.Degraded ? "degraded"
            : "ready";
        var ai = services.Entries.GetValueOrDefault("ai");
        var warmth = ai.Data?.GetValueOrDefault("model") is string model
            ? new Dictionary<string, string> { [model] = InferenceThroughput.Recorded > 0 ? "warm" : "cold" }
            : null;
        var response = new Response(status == "ready", status, services.Entries.ToDictionary(e => e.Key, e => HealthReports.ToService(e.Value)),
            workers, workersRun, warmth, clock.GetUtcNow());
        await Send.ResponseAsync(response, status == "ready" ? 200 : 503, ct);
    }
}
