using FluentValidation;

namespace Hsi.Api.Features.Operations.PipelineLatencyHistory;

public sealed class Request
{
    /// <summary>1–1440: the last this many minutes.</summary>
    [QueryParam] public int Since { get; set; } = 60;

    /// <summary>10–3600: the width of each snapshot.</summary>
    [QueryParam] public int BucketSeconds { get; set; } = 60;
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Since).InclusiveBetween(1, 1440);
        RuleFor(r => r.BucketSeconds).InclusiveBetween(10, 3600);
    }
}

/// <param name="Timestamp">The start of the bucket.</param>
/// <param name="Stages">The stages with samples in the bucket.</param>
public sealed record Snapshot(DateTimeOffset Timestamp, IReadOnlyDictionary<string, LatencyStats> Stages);

public sealed record Response(IReadOnlyList<Snapshot> Snapshots, int WindowMinutes, int BucketSeconds, DateTimeOffset Timestamp);

/// <summary>Pipeline latency over time: one snapshot per bucket that has samples, oldest first; none while Redis is away.</summary>
public sealed class Endpoint(PipelineLatencies latencies, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/api/system/pipeline-latency/history");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Pipeline latency per stage in buckets of bucket_seconds over the last `since` minutes");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var samples = await latencies.SamplesAsync(now.AddMinutes(-req.Since));
        var bucketMs = req.BucketSeconds * 1000L;
        var snapshots = samples
            .SelectMany(stage => (stage.Value ?? []).Select(s => (Stage: stage.Key, Bucket: s.At.ToUnixTimeMilliseconds() / bucketMs, s.Ms)))
            .GroupBy(s => s.Bucket)
            .OrderBy(b => b.Key)
            .Select(b => new Snapshot(DateTimeOffset.FromUnixTimeMilliseconds(b.Key * bucketMs),
                b.GroupBy(s => s.Stage).ToDictionary(g => g.Key, g => LatencyStats.Of([.. g.Select(s => s.Ms)])!)))
            .ToList();
        await Send.OkAsync(new Response(snapshots, req.Since, req.BucketSeconds, now), ct);
    }
}
