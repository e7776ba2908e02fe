using FluentValidation;

namespace Hsi.Api.Features.Operations.PipelineLatency;

public sealed class Request
{
    /// <summary>1–1440: the last this many minutes.</summary>
    [QueryParam] public int WindowMinutes { get; set; } = 60;
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.WindowMinutes).InclusiveBetween(1, 1440);
}

/// <summary>Each stage is null when it has no sample in the window, or Redis (which keeps them) is away.</summary>
public sealed record Response(
    LatencyStats? WatchToDetect, LatencyStats? DetectToBatch, LatencyStats? BatchToAnalyze, LatencyStats? TotalPipeline,
    int WindowMinutes, DateTimeOffset Timestamp);

/// <summary>How long files took through the pipeline lately, per stretch (PipelineLatencySubscription), the whole cluster's.</summary>
public sealed class Endpoint(PipelineLatencies latencies, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/api/system/pipeline-latency");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Pipeline latency per stage over the last window_minutes: average, min, max and percentiles in ms");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var samples = await latencies.SamplesAsync(now.AddMinutes(-req.WindowMinutes));
        LatencyStats? Of(string stage) => samples[stage] is { } s ? LatencyStats.Of([.. s.Select(x => x.Ms)]) : null;
        await Send.OkAsync(new Response(
            Of(PipelineLatencies.WatchToDetect), Of(PipelineLatencies.DetectToBatch), Of(PipelineLatencies.BatchToAnalyze), Of(PipelineLatencies.Total),
            req.WindowMinutes, now), ct);
    }
}
