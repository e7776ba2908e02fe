using FluentValidation;
using Hsi.Projections.SecurityEvents;
using Npgsql;

namespace Hsi.Api.Features.Analytics.RiskScoreDistribution;

public sealed class Request : AnalyticsRequest
{
    /// <summary>Width of each score bucket, 1–50.</summary>
    [QueryParam] public int BucketSize { get; set; } = 10;
}

public sealed class Validator : AnalyticsValidator<Request>
{
    public Validator() => RuleFor(r => r.BucketSize).InclusiveBetween(1, 50).WithMessage("bucket_size must be between 1 and 50");
}

/// <summary>Scores from <see cref="MinScore"/> to <see cref="MaxScore"/>, both inclusive.</summary>
public sealed record Bucket(int MinScore, int MaxScore, long Count);

public sealed record Response(IReadOnlyList<Bucket> Buckets, long TotalEvents, DateOnly StartDate, DateOnly EndDate, int BucketSize);

public sealed class Endpoint(IQuerySession session, IDocumentStore store, NpgsqlDataSource db, HsiSettings settings)
    : AnalyticsEndpoint<Request, Response>(session, settings)
{
    public override void Configure() => Route("/api/analytics/risk-score-distribution", "Events per risk-score bucket (bounds inclusive; the last bucket ends at 100), soft-deleted events left out");

    protected override async Task<Response> AnswerAsync(Request req, AnalyticsWindow window, CancellationToken ct)
    {
        var table = store.Options.Schema.For<SecurityEventView>();
        await using var cmd = window.Command(db, $"""
            with {AnalyticsWindow.ZonesCte}
            select e.risk_score, count(*)
            from {table} e {AnalyticsWindow.JoinZone("e", "e.started_at")}
            where e.risk_score is not null and e.deleted_at is null
            group by 1
            """);
        var bounds = ScoreBuckets.Of(req.BucketSize);
        var counts = new long[bounds.Count];
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) counts[ScoreBuckets.IndexOf(reader.GetInt32(0), req.BucketSize, bounds.Count)] += reader.GetInt64(1);
        var buckets = bounds.Select((b, i) => new Bucket(b.Min, b.Max, counts[i])).ToList();
        return new Response(buckets, counts.Sum(), window.Start, window.End, req.BucketSize);
    }
}

/// <summary>
/// Buckets of 0–100 scores: <c>[k·size, k·size + size − 1]</c>, the last one stretched to 100 (a score of 100
/// has to land somewhere). For 10: 0–9 … 80–89, 90–100; for 30: 0–29, 30–59, 60–89, 90–100. Never a bucket
/// silently wider than the others by more than the remainder, as the seed's 60–100 for 30 was.
/// </summary>
public static class ScoreBuckets
{
    public static IReadOnlyList<(int Min, int Max)> Of(int size)
    {
        var count = (99 / size) + 1;
        return [.. Enumerable.Range(0, count).Select(k => (k * size, k == count - 1 ? 100 : k * size + size - 1))];
    }

    public static int IndexOf(int score, int size, int count) => Math.Clamp(score / size, 0, count - 1);
}
