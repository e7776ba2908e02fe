using Hsi.Projections.SecurityEvents;
using Npgsql;

namespace Hsi.Api.Features.Analytics.RiskScoreTrends;

/// <summary>A day's mean risk score (1 dp), null on a day without scored events: no events is not "zero risk".</summary>
public sealed record DataPoint(DateOnly Date, double? AvgScore, long Count);

public sealed record Response(IReadOnlyList<DataPoint> DataPoints, DateOnly StartDate, DateOnly EndDate);

public sealed class Endpoint(IQuerySession session, IDocumentStore store, NpgsqlDataSource db, HsiSettings settings)
    : AnalyticsEndpoint<AnalyticsRequest, Response>(session, settings)
{
    public override void Configure() => Route("/api/analytics/risk-score-trends", "Mean risk score and event count per day, zero-filled (avg_score null on a day with none), soft-deleted events left out");

    protected override async Task<Response> AnswerAsync(AnalyticsRequest req, AnalyticsWindow window, CancellationToken ct)
    {
        var table = store.Options.Schema.For<SecurityEventView>();
        await using var cmd = window.Command(db, $"""
            with {AnalyticsWindow.ZonesCte}
            select {AnalyticsWindow.DayOf("e.started_at")}, sum(e.risk_score)::bigint, count(*)
            from {table} e {AnalyticsWindow.JoinZone("e", "e.started_at")}
            where e.risk_score is not null and e.deleted_at is null
            group by 1
            """);
        var byDay = new Dictionary<DateOnly, (long Sum, long Count)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) byDay[AnalyticsWindow.DayOf(reader, 0)] = (reader.GetInt64(1), reader.GetInt64(2));
        var points = window.ZeroFilled(byDay, (Sum: 0L, Count: 0L))
            .Select(p => new DataPoint(p.Day, p.Value.Count == 0 ? null : Math.Round((double)p.Value.Sum / p.Value.Count, 1, MidpointRounding.AwayFromZero), p.Value.Count))
            .ToList();
        return new Response(points, window.Start, window.End);
    }
}
