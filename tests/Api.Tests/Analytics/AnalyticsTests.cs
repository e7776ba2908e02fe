using System.Text.Json.Nodes;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.Properties;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Tests.Analytics;

/// <summary>
/// The analytics endpoints over detections recorded as MediaAnalyzed events and events written as
/// batching and the risk handler write them: totals equal what was seeded, days are the camera's own.
/// </summary>
public class AnalyticsTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private long _nextDetectionId = 1;

    private async Task DetectionsAsync(string camera, DateTimeOffset at, params string[] objectTypes)
    {
        var mediaId = Guid.CreateVersion7();
        var path = Path.Combine(App.CameraRoot, camera, $"{mediaId}.jpg");
        var recorded = objectTypes.Select(t => new RecordedDetection(_nextDetectionId++, t, 0.9, 10, 20, 30, 40, at, null)).ToList();
        await using var session = App.Store.LightweightSession();
        session.Events.StartStream(StreamKeys.Media(mediaId),
            new MediaReceived(mediaId, camera, path, "image/jpeg", MediaType.Image, "sha", 1, at),
            new MediaAnalyzed(mediaId, camera, path, "image/jpeg", MediaType.Image,
                new AnalysisModel("yolox_nano", "test", "yolox", "CPUExecutionProvider"), new AnalysisTimings(1, 1, 1, 3, 1), null, recorded, at));
        await session.SaveChangesAsync();
    }

    private static string Range(string start, string end) => $"start_date={start}&end_date={end}";

    private static List<JsonNode> Points(JsonNode body, string name = "data_points") => [.. body[name]!.AsArray().Select(p => p!)];

    [Fact]
    public async Task Totals_equal_the_seeded_detections_and_events()
    {
        await App.Store.RegisteredCameraAsync("front", "Front", "UTC");
        await App.Store.RegisteredCameraAsync("back", "Back", "UTC");
        await App.Store.RegisteredCameraAsync("idle", "Attic", "UTC");
        await DetectionsAsync("front", Day1, "person", "person", "car");
        await DetectionsAsync("front", Day1.AddDays(1), "person", "dog");
        await DetectionsAsync("back", Day1.AddDays(2), "car", "car", "car", "person");
        await DetectionsAsync("back", Day1.AddDays(9), "person"); // outside the range
        await App.Store.AssessedEventsAsync([
            new AssessedEvent(1, "front", Day1, 10), new AssessedEvent(2, "front", Day1, 45), new AssessedEvent(3, "back", Day1.AddDays(1), 70),
            new AssessedEvent(4, "back", Day1.AddDays(2), 95), new AssessedEvent(5, "back", Day1.AddDays(2), 20), new AssessedEvent(6, "back", Day1.AddDays(9), 50),
        ]);
        await App.Store.ClosedEventAsync(7, "front", Day1, "person"); // no risk decision yet: counts in no risk endpoint
        var range = Range("2026-11-20", "2026-11-22");

        var trends = await Host.GetJsonAsync($"/api/analytics/detection-trends?{range}");
        Assert.Equal(9, trends["total_detections"]!.GetValue<long>());
        Assert.Equal([3L, 2, 4], Points(trends).Select(p => p["count"]!.GetValue<long>()));
        Assert.Equal(["2026-11-20", "2026-11-21", "2026-11-22"], Points(trends).Select(p => p.Str("date")));

        var objects = await Host.GetJsonAsync($"/api/analytics/object-distribution?{range}");
        Assert.Equal(9, objects["total_detections"]!.GetValue<long>());
        // Most frequent first, a tie by name.
        Assert.Equal(["car:4:44.44", "person:4:44.44", "dog:1:11.11"],
            Points(objects, "object_types").Select(o => $"{o.Str("object_type")}:{o["count"]}:{o["percentage"]}"));

        var uptime = await Host.GetJsonAsync($"/api/analytics/camera-uptime?{range}");
        Assert.Equal(["Attic:0:0", "Back:33.33:4", "Front:66.67:5"],
            Points(uptime, "cameras").Select(c => $"{c.Str("camera_name")}:{c["uptime_percentage"]}:{c["detection_count"]}"));

        // The same events the event list and its stats count, by the level each decision recorded.
        var stats = await Host.GetJsonAsync($"/api/events/stats?start_date=2026-11-20T00:00:00Z&end_date=2026-11-22T23:59:59Z");
        var history = Points(await Host.GetJsonAsync($"/api/analytics/risk-history?{range}"));
        foreach (var level in new[] { "low", "medium", "high", "critical" })
            Assert.Equal(stats["events_by_risk_level"]![level]!.GetValue<int>(), history.Sum(p => p[level]!.GetValue<long>()));
        Assert.Equal(5, history.Sum(p => new[] { "low", "medium", "high", "critical" }.Sum(l => p[l]!.GetValue<long>())));

        var distribution = await Host.GetJsonAsync($"/api/analytics/risk-score-distribution?{range}");
        Assert.Equal(5, distribution["total_events"]!.GetValue<long>());
        Assert.Equal(10, distribution["bucket_size"]!.GetValue<int>());

        var scores = Points(await Host.GetJsonAsync($"/api/analytics/risk-score-trends?{range}"));
        Assert.Equal(["27.5:2", "70:1", "57.5:2"], scores.Select(p => $"{p["avg_score"]}:{p["count"]}"));
    }

    [Fact]
    public async Task Days_without_data_are_zero_and_a_day_without_events_has_no_average()
    {
        await App.Store.RegisteredCameraAsync("front", "Front", "UTC");
        await DetectionsAsync("front", Day1, "person");
        await App.Store.AssessedEventsAsync([new AssessedEvent(1, "front", Day1, 40), new AssessedEvent(2, "front", Day1.AddDays(2), 61)]);
        var range = Range("2026-11-19", "2026-11-23");

        Assert.Equal([0L, 1, 0, 0, 0], Points(await Host.GetJsonAsync($"/api/analytics/detection-trends?{range}")).Select(p => p["count"]!.GetValue<long>()));
        var scores = Points(await Host.GetJsonAsync($"/api/analytics/risk-score-trends?{range}"));
        Assert.Equal(5, scores.Count);
        Assert.Null(scores[0]["avg_score"]);
        Assert.Equal(40, scores[1]["avg_score"]!.GetValue<double>());
        Assert.Null(scores[2]["avg_score"]);
        Assert.Equal(0, scores[2]["count"]!.GetValue<long>());
        Assert.Equal(61, scores[3]["avg_score"]!.GetValue<double>());
        var history = Points(await Host.GetJsonAsync($"/api/analytics/risk-history?{range}"));
        Assert.Equal(5, history.Count);
        Assert.All(new[] { history[0], history[2], history[4] }, p => Assert.Equal(0, p["low"]!.GetValue<long>() + p["medium"]!.GetValue<long>() + p["high"]!.GetValue<long>() + p["critical"]!.GetValue<long>()));

        var empty = await Host.GetJsonAsync($"/api/analytics/object-distribution?{Range("2025-01-01", "2025-01-02")}");
        Assert.Empty(empty["object_types"]!.AsArray());
        Assert.Equal(0, empty["total_detections"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_detection_near_midnight_lands_on_its_cameras_local_day()
    {
        await App.Store.RegisteredCameraAsync("tokyo", "Tokyo", "Asia/Tokyo");
        await App.Store.RegisteredCameraAsync("nyc", "New York", "America/New_York");
        // 16:30 UTC on the 20th is 01:30 on the 21st in Tokyo; 03:00 UTC on the 21st is 22:00 on the 20th in New York.
        await DetectionsAsync("tokyo", new DateTimeOffset(2026, 11, 20, 16, 30, 0, TimeSpan.Zero), "person");
        await DetectionsAsync("nyc", new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero), "car", "car");
        await App.Store.AssessedEventsAsync([new AssessedEvent(1, "tokyo", new DateTimeOffset(2026, 11, 20, 16, 30, 0, TimeSpan.Zero), 80)]);

        var trends = Points(await Host.GetJsonAsync($"/api/analytics/detection-trends?{Range("2026-11-20", "2026-11-21")}"));
        Assert.Equal(["2026-11-20:2", "2026-11-21:1"], trends.Select(p => $"{p.Str("date")}:{p["count"]}"));
        var scores = Points(await Host.GetJsonAsync($"/api/analytics/risk-score-trends?{Range("2026-11-20", "2026-11-21")}"));
        Assert.Equal(["2026-11-20:", "2026-11-21:80"], scores.Select(p => $"{p.Str("date")}:{p["avg_score"]}"));

        // New York leaves daylight time at 02:00 on 1 November 2026: 03:30 UTC that night is 23:30 on 31 October (UTC−4),
        // 04:30 UTC the next night is 23:30 on 1 November (UTC−5), not 00:30 on the 2nd.
        await DetectionsAsync("nyc", new DateTimeOffset(2026, 11, 1, 3, 30, 0, TimeSpan.Zero), "dog");
        await DetectionsAsync("nyc", new DateTimeOffset(2026, 11, 2, 4, 30, 0, TimeSpan.Zero), "dog", "dog", "dog");
        var overTheChange = Points(await Host.GetJsonAsync($"/api/analytics/detection-trends?{Range("2026-10-31", "2026-11-02")}"));
        Assert.Equal(["2026-10-31:1", "2026-11-01:3", "2026-11-02:0"], overTheChange.Select(p => $"{p.Str("date")}:{p["count"]}"));

        // A one-day range holds exactly that local day, though the UTC instants straddle two.
        var only21 = await Host.GetJsonAsync($"/api/analytics/camera-uptime?{Range("2026-11-21", "2026-11-21")}");
        Assert.Equal(["New York:0:0", "Tokyo:100:1"], Points(only21, "cameras").Select(c => $"{c.Str("camera_name")}:{c["uptime_percentage"]}:{c["detection_count"]}"));
    }

    [Fact]
    public async Task A_camera_at_a_property_counts_its_days_in_the_property_zone()
    {
        await App.Store.RegisteredCameraAsync("porch", "Porch", "UTC");
        var cabin = await Host.PropertyAsync((await Host.HouseholdAsync()).Id, "Cabin", "Asia/Tokyo");
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { property_id = cabin.Id });
        await DetectionsAsync("porch", new DateTimeOffset(2026, 11, 20, 16, 30, 0, TimeSpan.Zero), "person"); // 01:30 on the 21st in Tokyo

        var trends = Points(await Host.GetJsonAsync($"/api/analytics/detection-trends?{Range("2026-11-20", "2026-11-21")}"));
        Assert.Equal(["2026-11-20:0", "2026-11-21:1"], trends.Select(p => $"{p.Str("date")}:{p["count"]}"));
    }

    [Fact]
    public async Task Score_buckets_hold_their_edges_and_the_last_one_reaches_100()
    {
        await App.Store.RegisteredCameraAsync("front", "Front", "UTC");
        int[] scores = [0, 9, 10, 59, 60, 89, 90, 99, 100];
        await App.Store.AssessedEventsAsync(scores.Select((s, i) => new AssessedEvent(i + 1, "front", Day1, s)));
        // Soft-deleted: left out of the score endpoints.
        await using (var session = App.Store.LightweightSession())
        {
            var deleted = await session.LoadAsync<SecurityEventView>(1L);
            deleted!.DeletedAt = Day1;
            session.Store(deleted);
            await session.SaveChangesAsync();
        }
        var range = Range("2026-11-20", "2026-11-20");

        static List<string> Buckets(JsonNode body) => [.. body["buckets"]!.AsArray().Select(b => $"{b!["min_score"]}-{b["max_score"]}:{b["count"]}")];
        var tens = await Host.GetJsonAsync($"/api/analytics/risk-score-distribution?{range}");
        Assert.Equal(["0-9:1", "10-19:1", "20-29:0", "30-39:0", "40-49:0", "50-59:1", "60-69:1", "70-79:0", "80-89:1", "90-100:3"], Buckets(tens));
        Assert.Equal(8, tens["total_events"]!.GetValue<long>());
        var thirties = await Host.GetJsonAsync($"/api/analytics/risk-score-distribution?{range}&bucket_size=30");
        Assert.Equal(["0-29:2", "30-59:1", "60-89:2", "90-100:3"], Buckets(thirties));
        var fifties = await Host.GetJsonAsync($"/api/analytics/risk-score-distribution?{range}&bucket_size=50");
        Assert.Equal(["0-49:2", "50-100:6"], Buckets(fifties));
        var ones = Buckets(await Host.GetJsonAsync($"/api/analytics/risk-score-distribution?{range}&bucket_size=1"));
        Assert.Equal(100, ones.Count);
        Assert.Equal("99-100:2", ones[^1]);
        Assert.Equal("0-0:0", ones[0]);
    }

    [Theory]
    [InlineData("detection-trends")]
    [InlineData("risk-history")]
    [InlineData("camera-uptime")]
    [InlineData("object-distribution")]
    [InlineData("risk-score-distribution")]
    [InlineData("risk-score-trends")]
    public async Task Dates_are_required_well_formed_ordered_and_bounded(string endpoint)
    {
        var url = $"/api/analytics/{endpoint}";
        var reversed = await Host.GetJsonAsync($"{url}?{Range("2026-11-21", "2026-11-20")}", 400);
        Assert.Equal("start_date must not be after end_date", reversed.Str("detail"));

        Assert.Equal("start_date", Field(await Host.GetJsonAsync($"{url}?end_date=2026-11-20", 422)));
        Assert.Equal("end_date", Field(await Host.GetJsonAsync($"{url}?start_date=2026-11-20", 422)));
        Assert.Equal("start_date", Field(await Host.GetJsonAsync($"{url}?{Range("2026-11-20T00:00:00Z", "2026-11-21")}", 422)));
        Assert.Equal("end_date", Field(await Host.GetJsonAsync($"{url}?{Range("2026-11-20", "2026-13-01")}", 422)));
        Assert.Equal("end_date", Field(await Host.GetJsonAsync($"{url}?{Range("2025-01-01", "2026-01-02")}", 422)));
        await Host.GetJsonAsync($"{url}?{Range("2024-01-01", "2024-12-31")}"); // 366 days: the longest range
        await Host.GetJsonAsync($"{url}?{Range("9999-12-01", "9999-12-31")}");
        await Host.GetJsonAsync($"{url}?{Range("0001-01-01", "0001-01-31")}");
    }

    [Fact]
    public async Task Bucket_size_is_between_1_and_50()
    {
        foreach (var size in new[] { "0", "51", "-3", "abc", "1e309" })
            Assert.Equal("bucket_size", Field(await Host.GetJsonAsync($"/api/analytics/risk-score-distribution?{Range("2026-11-20", "2026-11-20")}&bucket_size={size}", 422)));
    }

    private static string Field(JsonNode body) => body["detail"]![0]!["loc"]![1]!.GetValue<string>();
}
