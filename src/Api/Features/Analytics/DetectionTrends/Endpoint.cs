using Hsi.Projections.Detections;
using Npgsql;

namespace Hsi.Api.Features.Analytics.DetectionTrends;

public sealed record DataPoint(DateOnly Date, long Count);

public sealed record Response(IReadOnlyList<DataPoint> DataPoints, long TotalDetections, DateOnly StartDate, DateOnly EndDate);

public sealed class Endpoint(IQuerySession session, IDocumentStore store, NpgsqlDataSource db, HsiSettings settings)
    : AnalyticsEndpoint<AnalyticsRequest, Response>(session, settings)
{
    public override void Configure() => Route("/api/analytics/detection-trends", "Detections per day (each camera's local day), every day of the range present, zero-filled");

    protected override async Task<Response> AnswerAsync(AnalyticsRequest req, AnalyticsWindow window, CancellationToken ct)
    {
        var table = store.Options.Schema.For<DetectionView>();
        await using var cmd = window.Command(db, $"""
            with {AnalyticsWindow.ZonesCte}
            select {AnalyticsWindow.DayOf("d.detected_at")}, count(*)
            from {table} d {AnalyticsWindow.JoinZone("d", "d.detected_at")}
            group by 1
            """);
        var byDay = new Dictionary<DateOnly, long>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) byDay[AnalyticsWindow.DayOf(reader, 0)] = reader.GetInt64(1);
        var points = window.ZeroFilled(byDay, 0L).Select(p => new DataPoint(p.Day, p.Value)).ToList();
        return new Response(points, points.Sum(p => p.Count), window.Start, window.End);
    }
}
