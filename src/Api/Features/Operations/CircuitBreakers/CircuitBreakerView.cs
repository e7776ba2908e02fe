using Hsi.Inference.Resilience;

namespace Hsi.Api.Features.Operations.CircuitBreakers;

/// <summary>The settings that apply: Polly's half-open state lets one probe through, and one success closes the circuit.</summary>
public sealed record CircuitBreakerConfig(int FailureThreshold, double RecoveryTimeout, int HalfOpenMaxCalls, int SuccessThreshold, double SamplingDuration);

/// <summary>One breaker of this node as clients see it (SEED-API.md circuit breakers).</summary>
public sealed record CircuitBreakerView(
    string Name, CircuitBreakerState State, long FailureCount, long SuccessCount, long TotalCalls, long RejectedCalls,
    DateTimeOffset? LastFailureTime, DateTimeOffset? OpenedAt, CircuitBreakerConfig Config)
{
    public static CircuitBreakerView From(CircuitBreakerStatus s) => new(
        s.Name, s.State, s.FailureCount, s.SuccessCount, s.TotalCalls, s.RejectedCalls, s.LastFailureTime, s.OpenedAt,
        new CircuitBreakerConfig(s.Settings.FailureThreshold, s.Settings.RecoveryTimeout.TotalSeconds,
            CircuitBreakerSettings.HalfOpenMaxCalls, CircuitBreakerSettings.SuccessThreshold, s.Settings.SamplingDuration.TotalSeconds));
}
