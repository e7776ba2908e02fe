using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Common;
using Hsi.Domain.Media;

namespace Hsi.Api.Tests.Detections;

/// <summary>The detection read API over detections recorded as MediaAnalyzed events (no detector needed).</summary>
public class DetectionQueryTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private long _nextId = 1;

    private async Task SeedAsync(string camera, params (string Type, double Confidence, int MinutesAfterT0)[] detections)
    {
        var mediaId = Guid.CreateVersion7();
        var path = Path.Combine(App.CameraRoot, camera, $"{mediaId}.jpg");
        var recorded = detections.Select(d => new RecordedDetection(_nextId++, d.Type, d.Confidence, 10, 20, 30, 40,
            T0.AddMinutes(d.MinutesAfterT0), null)).ToList();
        await using var session = App.Store.LightweightSession();
        session.Events.StartStream(StreamKeys.Media(mediaId),
            new MediaReceived(mediaId, camera, path, "image/jpeg", MediaType.Image, "sha", 1, T0),
            new MediaAnalyzed(mediaId, camera, path, "image/jpeg", MediaType.Image,
                new AnalysisModel("yolox_nano", "test", "yolox", "CPUExecutionProvider"),
                new AnalysisTimings(1, 1, 1, 3, 1), null, recorded, T0));
        await session.SaveChangesAsync();
    }

    private async Task<(JsonNode Body, IScenarioResult Result)> GetAsync(string url, int status = 200)
    {
        var result = await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(status); });
        var text = await result.ReadAsTextAsync();
        return (text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text)! : new JsonObject(), result);
    }

    private static List<long> Ids(JsonNode body) => body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToList();

    [Fact]
    public async Task List_is_newest_first_and_filters_by_camera_type_confidence_and_dates()
    {
        await SeedAsync("front_door", ("person", 0.9, 0), ("dog", 0.6, 10));
        await SeedAsync("garage", ("car", 0.7, 20));

        Assert.Equal([3, 2, 1], Ids((await GetAsync("/api/detections")).Body));
        Assert.Equal([2, 1], Ids((await GetAsync("/api/detections?camera_id=front_door")).Body));
        Assert.Equal([2], Ids((await GetAsync("/api/detections?object_type=dog")).Body));
        Assert.Equal([3, 1], Ids((await GetAsync("/api/detections?min_confidence=0.7")).Body));
        var window = $"start_date={Uri.EscapeDataString(T0.AddMinutes(5).ToString("O"))}&end_date={Uri.EscapeDataString(T0.AddMinutes(10).ToString("O"))}";
        Assert.Equal([2], Ids((await GetAsync($"/api/detections?{window}")).Body));
    }

    [Fact]
    public async Task A_cursor_walk_returns_every_item_once_even_while_new_ones_arrive()
    {
        for (var i = 0; i < 7; i++) await SeedAsync("front_door", ("person", 0.9, i), ("dog", 0.8, i));

        var seen = new List<long>();
        var (page, _) = await GetAsync("/api/detections?limit=3");
        Assert.Equal(14, page["pagination"]!["total"]!.GetValue<int>());
        while (true)
        {
            seen.AddRange(Ids(page));
            await SeedAsync("front_door", ("cat", 0.9, 100 + seen.Count)); // newer than the walk's start
            if (!page["pagination"]!["has_more"]!.GetValue<bool>()) break;
            var cursor = page["pagination"]!.Str("next_cursor");
            (page, _) = await GetAsync($"/api/detections?limit=3&cursor={cursor}");
            Assert.Equal(cursor, page["pagination"]!.Str("cursor"));
        }
        Assert.Equal(Enumerable.Range(1, 14).Select(i => (long)i).Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Offset_paging_works_but_is_deprecated()
    {
        await SeedAsync("front_door", ("person", 0.9, 0), ("dog", 0.8, 1), ("cat", 0.7, 2));

        var (body, result) = await GetAsync("/api/detections?limit=1&offset=1");
        Assert.Equal([2], Ids(body));
        Assert.NotNull(body["deprecation_warning"]);
        Assert.Equal("true", result.Context.Response.Headers["Deprecation"].ToString());
        Assert.Equal("2027-06-01", result.Context.Response.Headers["Sunset"].ToString());
        Assert.Null((await GetAsync("/api/detections?limit=1")).Body["deprecation_warning"]);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", 400, "Invalid cursor")]
    [InlineData("cursor=eyJpZCI6MSwiY3JlYXRlZF9hdCI6IjIwMjYtMTEtMjBUMDg6MDA6MDBaIn0&offset=5", 400, "cursor")]
    [InlineData("start_date=2026-11-21T00:00:00Z&end_date=2026-11-20T00:00:00Z", 400, "start_date")]
    [InlineData("fields=id,colour", 400, "colour")]
    [InlineData("limit=0", 422, null)]
    [InlineData("limit=1001", 422, null)]
    [InlineData("min_confidence=1.5", 422, null)]
    [InlineData("limit=abc", 422, null)]
    public async Task Bad_list_requests_are_400_or_422(string query, int status, string? detailContains)
    {
        var (body, _) = await GetAsync($"/api/detections?{query}", status);
        if (status == 400) Assert.Contains(detailContains!, body.Str("detail"));
        else Assert.Equal("query", body["detail"]![0]!["loc"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Fields_selects_what_comes_back_and_id_always_does()
    {
        await SeedAsync("front_door", ("person", 0.9, 0));
        var item = (await GetAsync("/api/detections?fields=object_type,confidence")).Body["items"]![0]!.AsObject();
        Assert.Equal(["confidence", "id", "object_type"], item.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Get_enrichment_and_stats()
    {
        await SeedAsync("front_door", ("person", 0.9, 0), ("person", 0.7, 1));
        await SeedAsync("garage", ("car", 0.5, 2));

        var (one, _) = await GetAsync("/api/detections/1");
        Assert.Equal("person", one.Str("object_type"));
        Assert.Equal("/api/detections/1/image", one.Str("thumbnail_path"));
        Assert.EndsWith("Z", one.Str("detected_at"));
        var (missing, _) = await GetAsync("/api/detections/999", 404);
        Assert.Equal("Detection with id 999 not found", missing.Str("detail"));

        var (enrichment, _) = await GetAsync("/api/detections/1/enrichment");
        Assert.Equal(1, enrichment["detection_id"]!.GetValue<long>());
        Assert.Empty(enrichment["errors"]!.AsArray());

        var (stats, _) = await GetAsync("/api/detections/stats");
        Assert.Equal(3, stats["total_detections"]!.GetValue<long>());
        Assert.Equal(2, stats["detections_by_class"]!["person"]!.GetValue<long>());
        Assert.Equal(0.7, stats["average_confidence"]!.GetValue<double>(), 3);
        var (garage, _) = await GetAsync("/api/detections/stats?camera_id=garage");
        Assert.Equal(1, garage["total_detections"]!.GetValue<long>());
    }

    [Fact]
    public async Task Video_of_an_image_detection_is_400()
    {
        await SeedAsync("front_door", ("person", 0.9, 0));
        var (body, _) = await GetAsync("/api/detections/1/video", 400);
        Assert.Contains("not from a video", body.Str("detail"));
    }

    [Fact]
    public async Task Export_is_csv_by_default_guarded_against_formulas_and_json_on_request()
    {
        await SeedAsync("front_door", ("=HYPERLINK(\"http://x\")", 0.9, 0), ("dog", 0.8, 1));

        var (_, csv) = await GetAsync("/api/detections/export");
        Assert.StartsWith("text/csv", csv.Context.Response.ContentType);
        Assert.Matches("attachment; filename=\"detections_export_\\d{8}_\\d{6}\\.csv\"", csv.Context.Response.Headers.ContentDisposition.ToString());
        var lines = (await csv.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("id,camera_id,camera_name,detected_at,object_type,confidence,bbox_x,bbox_y,bbox_width,bbox_height,media_type,file_path", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", lines[2]);

        var (json, _) = await GetAsync("/api/detections/export?format=json&object_type=dog");
        var row = Assert.Single(json.AsArray())!;
        Assert.Equal("dog", row.Str("object_type"));
        await GetAsync("/api/detections/export?format=xml", 422);
    }
}
