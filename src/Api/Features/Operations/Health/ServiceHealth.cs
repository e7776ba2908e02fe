namespace Hsi.Api.Features.Operations.Health;

public enum HealthState { Healthy, Degraded, Unhealthy, NotConfigured }

/// <summary>The state of one dependency, with a human reason and machine-readable details.</summary>
public sealed record ServiceHealth(HealthState Status, string Message, IReadOnlyDictionary<string, object?>? Details = null);

/// <summary>Something the API depends on that can tell whether it works right now.</summary>
public interface IHealthProbe
{
    string Name { get; }
    Task<ServiceHealth> CheckAsync(CancellationToken ct);
}
