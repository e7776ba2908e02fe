using Hsi.Projections.Cameras;
using Hsi.Projections.Detections;
using Npgsql;

namespace Hsi.Api.Features.Analytics.CameraUptime;

public sealed record CameraUptimeItem(string CameraId, string CameraName, double UptimePercentage, long DetectionCount);

public sealed record Response(IReadOnlyList<CameraUptimeItem> Cameras, DateOnly StartDate, DateOnly EndDate);

public sealed class Endpoint(IQuerySession session, IDocumentStore store, NpgsqlDataSource db, HsiSettings settings)
    : AnalyticsEndpoint<AnalyticsRequest, Response>(session, settings)
{
    public override void Configure() => Route("/api/analytics/camera-uptime", "Per camera (every camera, by name): the share of the range's days with at least one detection, and the detection count");

    protected override async Task<Response> AnswerAsync(AnalyticsRequest req, AnalyticsWindow window, CancellationToken ct)
    {
        var table = store.Options.Schema.For<DetectionView>();
        await using var cmd = window.Command(db, $"""
            with {AnalyticsWindow.ZonesCte}
            select camera_id, count(*), sum(n)::bigint
            from (select d.camera_id, {AnalyticsWindow.DayOf("d.detected_at")}, count(*) as n
                  from {table} d {AnalyticsWindow.JoinZone("d", "d.detected_at")}
                  group by 1, 2) as by_day
            group by 1
            """);
        var byCamera = new Dictionary<string, (long Days, long Detections)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) byCamera[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        var cameras = await Session.Query<CameraView>().Where(c => c.DeletedAt == null).OrderBy(c => c.Name).ToListAsync(ct);
        var items = cameras.Select(c =>
        {
            var (days, detections) = byCamera.GetValueOrDefault(c.Id);
            return new CameraUptimeItem(c.Id, c.Name, Math.Round(100.0 * days / window.DayCount, 2), detections);
        }).ToList();
        return new Response(items, window.Start, window.End);
    }
}
