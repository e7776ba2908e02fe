using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hsi.Api.Features.Operations.Health;

/// <summary>The health response; <c>recent_events</c> are this node's newest service failures, recoveries and worker restarts, newest first (at most 50).</summary>
public sealed record Response(
    string Status, IReadOnlyDictionary<string, ServiceStatus> Services, DateTimeOffset Timestamp, IReadOnlyList<HealthEvent> RecentEvents);

/// <summary>
/// Checks the database and Redis for real, and reports the detector: healthy only when all three
/// work; degraded when the API still works without what failed (Redis: rate limits fail open,
/// live updates stay on this node); unhealthy without the database.
/// </summary>
public sealed class Endpoint(HealthReports reports, HealthHistory history, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/system/health");
        AllowAnonymous();
        Description(b => b.Produces<Response>(503));
        Summary(s => s.Summary = "Health of the database, Redis and the AI detector (200 healthy, 503 otherwise)");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (overall, services) = await reports.ServicesAsync(ct);
        await Send.ResponseAsync(new Response(HealthReports.OverallOf(overall), services, clock.GetUtcNow(), history.RecentEvents()),
            overall == HealthStatus.Healthy ? 200 : 503, ct);
    }
}
