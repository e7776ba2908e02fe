using System.Net;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Http;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Exports;

/// <summary>The two exports: every matching row, in list order, the same bytes as before they streamed, and their concurrency limits.</summary>
public class ExportTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static string Golden(string name) => Path.Combine(FixturePaths.Fixtures, "exports", name);

    private Task AddEventsAsync(IEnumerable<(long Id, string Camera, DateTimeOffset Start, int Score, string Summary)> events) =>
        App.Store.AssessedEventsAsync(events.Select(e => new AssessedEvent(e.Id, e.Camera, e.Start, e.Score, Summary: e.Summary)));

    /// <summary>One analysed picture per detection, written as MediaAnalyzed (no detector needed).</summary>
    private async Task AddDetectionsAsync(IEnumerable<(long Id, string Camera, string Type, double Confidence, DateTimeOffset At)> detections)
    {
        await using var session = App.Store.LightweightSession();
        foreach (var (id, camera, type, confidence, at) in detections)
        {
            var mediaId = new Guid((int)id, 0, 0, new byte[8]);
            var path = Path.Combine(App.CameraRoot, camera, $"{id}.jpg");
            session.Events.StartStream(StreamKeys.Media(mediaId),
                new MediaReceived(mediaId, camera, path, "image/jpeg", MediaType.Image, "sha", 1, at),
                new MediaAnalyzed(mediaId, camera, path, "image/jpeg", MediaType.Image,
                    new AnalysisModel("yolox_nano", "test", "yolox", "CPUExecutionProvider"), new AnalysisTimings(1, 1, 1, 3, 1), null,
                    [new RecordedDetection(id, type, confidence, (int)id % 7, 20, 30, 40, at, null)], at));
        }
        await session.SaveChangesAsync();
    }


    private async Task<IScenarioResult> ExportAsync(string url, int status = 200, IPAddress? client = null) =>
        await Host.Scenario(s =>
        {
            s.Get.Url(url);
            if (client is not null) s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = client);
            s.StatusCodeShouldBe(status);
        });

    /// <summary>The first column of every data row of a CSV export, parsed by .NET's own RFC 4180 reader.</summary>
    private static List<long> CsvIds(string csv)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(csv))
        {
            TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
        };
        parser.SetDelimiters(",");
        parser.ReadFields();
        var ids = new List<long>();
        while (!parser.EndOfData) ids.Add(long.Parse(parser.ReadFields()![0]));
        return ids;
    }

    private static List<long> JsonIds(JsonNode rows, string field) => rows.AsArray().Select(r => r![field]!.GetValue<long>()).ToList();

    [Fact]
    public async Task The_event_export_streams_every_matching_event_newest_first()
    {
        // Three events share each start, so the id breaks the tie as in the list.
        await AddEventsAsync(Enumerable.Range(1, 600).Select(i => ((long)i, i % 3 == 0 ? "yard" : "porch", T0.AddMinutes(i / 3), 40, "seen")));
        var porch = Enumerable.Range(1, 600).Where(i => i % 3 != 0)
            .OrderByDescending(i => i / 3).ThenByDescending(i => i).Select(i => (long)i).ToList();

        Assert.Equal(porch, CsvIds(await (await ExportAsync("/api/events/export?camera_id=porch")).ReadAsTextAsync()));
        Assert.Equal(porch, JsonIds(await (await ExportAsync("/api/events/export?camera_id=porch&format=json")).JsonAsync(), "id"));
        Assert.Equal(600, CsvIds(await (await ExportAsync("/api/events/export")).ReadAsTextAsync()).Distinct().Count());
    }

    [Fact]
    public async Task The_detection_export_streams_every_matching_detection_newest_first()
    {
        await AddDetectionsAsync(Enumerable.Range(1, 600).Select(i => ((long)i, "porch", i % 2 == 0 ? "dog" : "person", 0.8, T0.AddSeconds(i / 2))));
        var dogs = Enumerable.Range(1, 600).Where(i => i % 2 == 0).Reverse().Select(i => (long)i).ToList();

        Assert.Equal(dogs, CsvIds(await (await ExportAsync("/api/detections/export?object_type=dog")).ReadAsTextAsync()));
        Assert.Equal(dogs, JsonIds(await (await ExportAsync("/api/detections/export?object_type=dog&format=json")).JsonAsync(), "id"));
        Assert.Equal(600, CsvIds(await (await ExportAsync("/api/detections/export")).ReadAsTextAsync()).Distinct().Count());
    }

    /// <summary>
    /// The bodies and headers of both exports, byte for byte as the code before streaming (42dba5b)
    /// answered for the same rows: tests/fixtures/exports holds what it sent.
    /// </summary>
    [Theory]
    [InlineData("/api/events/export", "events.csv", "text/csv; charset=utf-8", "events_export_", ".csv")]
    [InlineData("/api/events/export?format=json", "events.json", "application/json; charset=utf-8", "events_export_", ".json")]
    [InlineData("/api/detections/export", "detections.csv", "text/csv; charset=utf-8", "detections_export_", ".csv")]
    [InlineData("/api/detections/export?format=json", "detections.json", "application/json; charset=utf-8", "detections_export_", ".json")]
    public async Task Exports_send_the_same_bytes_as_before_they_streamed(string url, string golden, string contentType, string prefix, string extension)
    {
        await Host.RegisteredCameraAsync("Front Porch", "porch");
        await AddEventsAsync([
            (1, "porch", T0, 40, "=HYPERLINK(\"http://evil\")"),
            (2, "porch", T0.AddHours(1), 90, "a car, \"quoted\"\nand a second line"),
            (3, "yard", T0.AddHours(1), 10, "Ünïcødé 🐈 cat"),
            (4, "yard", T0.AddMinutes(30).AddMilliseconds(123), 65, "+1 -1 @x"),
        ]);
        await AddDetectionsAsync([
            (1, "porch", "person", 0.91, T0),
            (2, "porch", "=cmd|' /C calc'!A0", 0.5, T0.AddMinutes(1)),
            (3, "yard", "dog", 0.123456789, T0.AddMinutes(1)),
        ]);

        var result = await ExportAsync(url);
        var body = (await result.ReadAsTextAsync()).Replace(App.CameraRoot, "{camera_root}");
        Assert.Equal(await File.ReadAllTextAsync(Golden(golden)), body);
        Assert.Equal(contentType, result.Context.Response.ContentType);
        Assert.Matches($"^attachment; filename=\"{prefix}\\d{{8}}_\\d{{6}}\\{extension}\"$", result.Context.Response.Headers.ContentDisposition.ToString());
    }

    [Theory]
    [InlineData("/api/events/export")]
    [InlineData("/api/detections/export?format=json")]
    public async Task A_third_export_from_one_client_is_429_while_its_two_are_open(string url)
    {
        // The two open exports are slots taken through the app's own limiter, as a slow reader would hold them.
        var slots = Host.Services.GetRequiredService<ExportSlots>();
        var client = IPAddress.Parse("203.0.113.7");
        var key = slots.ClientOf(new DefaultHttpContext { Connection = { RemoteIpAddress = client } });
        var open = new[] { slots.TryTake(key), slots.TryTake(key) };
        try
        {
            Assert.All(open, Assert.NotNull);
            var refused = await ExportAsync(url, 429, client);
            Assert.Equal("5", refused.Context.Response.Headers.RetryAfter.ToString());
            Assert.StartsWith("Too many exports at once", (await refused.JsonAsync()).Str("detail"));
            await ExportAsync(url, 200, IPAddress.Parse("203.0.113.8"));
        }
        finally
        {
            foreach (var slot in open) slot?.Dispose();
        }
        await ExportAsync(url, 200, client);
    }
}
