using Hsi.Projections.Detections;
using Npgsql;

namespace Hsi.Api.Features.Analytics.ObjectDistribution;

public sealed record ObjectTypeCount(string ObjectType, long Count, double Percentage);

public sealed record Response(IReadOnlyList<ObjectTypeCount> ObjectTypes, long TotalDetections, DateOnly StartDate, DateOnly EndDate);

public sealed class Endpoint(IQuerySession session, IDocumentStore store, NpgsqlDataSource db, HsiSettings settings)
    : AnalyticsEndpoint<AnalyticsRequest, Response>(session, settings)
{
    public override void Configure() => Route("/api/analytics/object-distribution", "Detections per object type in the range, most frequent first, with each type's share (detections without a type left out)");

    protected override async Task<Response> AnswerAsync(AnalyticsRequest req, AnalyticsWindow window, CancellationToken ct)
    {
        var table = store.Options.Schema.For<DetectionView>();
        await using var cmd = window.Command(db, $"""
            with {AnalyticsWindow.ZonesCte}
            select d.object_type, count(*)
            from {table} d {AnalyticsWindow.JoinZone("d", "d.detected_at")}
            where d.object_type <> ''
            group by 1
            order by 2 desc, 1
            """);
        var counts = new List<(string Type, long Count)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) counts.Add((reader.GetString(0), reader.GetInt64(1)));
        var total = counts.Sum(c => c.Count);
        var items = counts.Select(c => new ObjectTypeCount(c.Type, c.Count, Math.Round(100.0 * c.Count / total, 2))).ToList();
        return new Response(items, total, window.Start, window.End);
    }
}
