using FastEndpoints;

namespace Hsi.Api.Features.Operations.Health;

public sealed record ServiceStatus(HealthState Status, string Message, IReadOnlyDictionary<string, object?> Details);

public sealed record Response(string Status, IReadOnlyDictionary<string, ServiceStatus> Services, DateTimeOffset Timestamp);

/// <summary>
/// Checks the database and Redis for real, and reports the detector. Healthy only when every
/// configured dependency works; a dependency that is not configured does not count against it.
/// </summary>
public sealed class Endpoint(IEnumerable<IHealthProbe> probes, AiHealth ai, TimeProvider clock) : EndpointWithoutRequest<Response>
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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = await Task.WhenAll(probes.Select(async p => (p.Name, Health: await p.CheckAsync(timeout.Token))));
        var services = checks.ToDictionary(c => c.Name, c => ToStatus(c.Health));
        services["ai"] = ToStatus(ai.Current());

        var states = services.Values.Select(s => s.Status).Where(s => s != HealthState.NotConfigured).ToList();
        // Without the database nothing works; anything else failing leaves the API usable but degraded.
        var overall = services["database"].Status == HealthState.Unhealthy ? "unhealthy"
            : states.All(s => s == HealthState.Healthy) ? "healthy"
            : "degraded";
        await Send.ResponseAsync(new Response(overall, services, clock.GetUtcNow()), overall == "healthy" ? 200 : 503, ct);
    }

    private static ServiceStatus ToStatus(ServiceHealth h) => new(h.Status, h.Message, h.Details ?? new Dictionary<string, object?>());
}
