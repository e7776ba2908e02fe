using FluentValidation;
using Hsi.Inference.Resilience;

namespace Hsi.Api.Features.Operations.CircuitBreakers.Reset;

public sealed class Request
{
    /// <summary>The breaker's name, e.g. <c>llm</c>.</summary>
    public string Name { get; set; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Name).Matches("^[A-Za-z0-9_-]{1,64}$")
        .WithMessage("name must be 1-64 letters, digits, '_' or '-'");
}

public sealed record Response(string Name, CircuitBreakerState PreviousState, CircuitBreakerState NewState, string Message);

/// <summary>An operator who knows the peer is back closes its breaker at once, rather than waiting for the next probe.</summary>
public sealed class Endpoint(IEnumerable<CircuitBreaker> breakers) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/system/circuit-breakers/{name}/reset");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ErrorDetail>(422));
        Summary(s => s.Summary = "Close one of this node's circuit breakers and clear its counts");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (breakers.FirstOrDefault(b => b.Name == req.Name) is not { } breaker)
        {
            await HttpContext.SendDetail(404, $"Unknown circuit breaker '{req.Name}'; use one of {string.Join(", ", breakers.Select(b => b.Name))}");
            return;
        }
        var before = await breaker.ResetAsync();
        var after = breaker.State;
        var message = after == CircuitBreakerState.Unavailable
            ? $"Circuit breaker '{breaker.Name}' guards nothing on this node: no LLM is configured"
            : $"Circuit breaker '{breaker.Name}' reset from {Describe(before)} to {Describe(after)}";
        await Send.OkAsync(new Response(breaker.Name, before, after, message), ct);
    }

    private static string Describe(CircuitBreakerState state) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());
}
