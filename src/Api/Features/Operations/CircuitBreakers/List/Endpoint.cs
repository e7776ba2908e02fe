using Hsi.Inference.Resilience;

namespace Hsi.Api.Features.Operations.CircuitBreakers.List;

public sealed record Response(IReadOnlyDictionary<string, CircuitBreakerView> CircuitBreakers, int TotalCount, int OpenCount, DateTimeOffset Timestamp);

/// <summary>This node's circuit breakers (each node has its own): state, counts and the settings that apply.</summary>
public sealed class Endpoint(IEnumerable<CircuitBreaker> breakers, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/system/circuit-breakers");
        Summary(s => s.Summary = "This node's circuit breakers (llm: the LLM risk analyzer): state, counts and settings");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var views = breakers.Select(b => CircuitBreakerView.From(b.Status())).ToDictionary(v => v.Name, StringComparer.Ordinal);
        await Send.OkAsync(new Response(views, views.Count, views.Values.Count(v => v.State == CircuitBreakerState.Open), clock.GetUtcNow()), ct);
    }
}
