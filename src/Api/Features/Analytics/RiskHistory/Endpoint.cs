using Hsi.Projections.SecurityEvents;
using Npgsql;

namespace Hsi.Api.Features.Analytics.RiskHistory;

public sealed record DataPoint(DateOnly Date, long Low, long Medium, long High, long Critical);

public sealed record Response(IReadOnlyList<DataPoint> DataPoints, DateOnly StartDate, DateOnly EndDate);

public sealed class Endpoint(IQuerySession session, IDocumentStore store, NpgsqlDataSource db, HsiSettings settings)
    : AnalyticsEndpoint<AnalyticsRequest, Response>(session, settings)
{
    public override void Configure() => Route("/api/analytics/risk-history", "Events per risk level per day (started_at, each camera's local day), zero-filled; only events with a risk decision");

    protected override async Task<Response> AnswerAsync(AnalyticsRequest req, AnalyticsWindow window, CancellationToken ct)
    {
        var table = store.Options.Schema.For<SecurityEventView>();
        // Soft-deleted events count here, as in the seed (only the score endpoints leave them out).
        await using var cmd = window.Command(db, $"""
            with {AnalyticsWindow.ZonesCte}
            select {AnalyticsWindow.DayOf("e.started_at")},
                   count(*) filter (where e.risk_level = 'low'), count(*) filter (where e.risk_level = 'medium'),
                   count(*) filter (where e.risk_level = 'high'), count(*) filter (where e.risk_level = 'critical')
            from {table} e {AnalyticsWindow.JoinZone("e", "e.started_at")}
            where e.risk_level is not null
            group by 1
            """);
        var byDay = new Dictionary<DateOnly, DataPoint>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var day = AnalyticsWindow.DayOf(reader, 0);
                byDay[day] = new DataPoint(day, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        var points = window.Days.Select(d => byDay.GetValueOrDefault(d) ?? new DataPoint(d, 0, 0, 0, 0)).ToList();
        return new Response(points, window.Start, window.End);
    }
}
