using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Projections.Media;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hsi.Api.Tests.Detections;

public class DetectionPipelineTests(AppFixture app) : ApiTest(app)
{
    private static readonly (string Image, string Type, double Confidence, int X, int Y, int W, int H)[] Expected =
    [
        ("person.jpg", "person", 0.880, 188, 97, 89, 275),
        ("person.jpg", "dog", 0.878, 61, 263, 139, 86),
        ("person.jpg", "horse", 0.872, 404, 138, 199, 205),
        ("dog.jpg", "dog", 0.851, 133, 207, 194, 337),
        ("dog.jpg", "bicycle", 0.801, 56, 137, 516, 287),
        ("dog.jpg", "car", 0.797, 466, 78, 227, 93),
    ];

    private static string Fixture(string name) => Path.Combine(FixturePaths.Images, name);

    [Fact]
    public async Task Fixture_images_dropped_in_a_folder_yield_the_documented_detections_and_live_messages()
    {
        using var socket = await ConnectAsync("/ws/detections");

        App.Drop(Fixture("person.jpg"));
        App.Drop(Fixture("dog.jpg"));

        var items = await Host.WaitForDetectionsAsync(6);
        Assert.Equal(6, items.Count);
        foreach (var want in Expected)
        {
            var got = Assert.Single(items, i => i!.Str("object_type") == want.Type && i!.Str("file_path").EndsWith(want.Image))!;
            Assert.Equal("front_door", got.Str("camera_id"));
            Assert.Equal("image", got.Str("media_type"));
            Assert.Equal("image/jpeg", got.Str("file_type"));
            Assert.InRange(got["confidence"]!.GetValue<double>(), want.Confidence - 0.03, want.Confidence + 0.03);
            var box = (got["bbox_x"]!.GetValue<int>(), got["bbox_y"]!.GetValue<int>(), got["bbox_width"]!.GetValue<int>(), got["bbox_height"]!.GetValue<int>());
            Assert.True(IoU(box, (want.X, want.Y, want.W, want.H)) >= 0.85, $"{want.Type} box {box}");
        }

        var seen = new HashSet<long>();
        while (seen.Count < 6)
        {
            var message = await ReceiveJsonAsync(socket);
            if (message.Str("type") != "detection.new") continue;
            Assert.True(message["sequence"]!.GetValue<long>() > 0);
            seen.Add(message["data"]!["id"]!.GetValue<long>());
        }
        Assert.Equal(items.Select(i => i!["id"]!.GetValue<long>()).ToHashSet(), seen);

        var camera = await Host.Scenario(s => s.Get.Url("/api/cameras/front_door"));
        Assert.NotNull((await camera.JsonAsync())["last_seen_at"]);
    }

    [Fact]
    public async Task A_clip_yields_video_detections_served_with_range_support()
    {
        var clip = PipelineScenario.MakeClip(Fixture("person.jpg"), Path.Combine(App.DataDir, "person.mp4"));
        App.Drop(clip);

        var items = await Host.WaitForDetectionsAsync(3, "&object_type=person");
        var video = items[0]!;
        Assert.Equal("video", video.Str("media_type"));
        Assert.Equal("h264", video.Str("video_codec"));
        Assert.Equal(640, video["video_width"]!.GetValue<int>());
        Assert.InRange(video["duration"]!.GetValue<double>(), 2.5, 3.5);
        var id = video["id"]!.GetValue<long>();
        var size = new FileInfo(clip).Length;

        var partial = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/detections/{id}/video");
            s.WithRequestHeader("Range", "bytes=0-99");
            s.StatusCodeShouldBe(206);
        });
        Assert.Equal("100", partial.Context.Response.Headers.ContentLength.ToString());
        Assert.Equal($"bytes 0-99/{size}", partial.Context.Response.Headers.ContentRange.ToString());
        Assert.Equal("bytes", partial.Context.Response.Headers.AcceptRanges.ToString());

        var suffix = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/detections/{id}/video");
            s.WithRequestHeader("Range", "bytes=-10");
            s.StatusCodeShouldBe(206);
        });
        Assert.Equal($"bytes {size - 10}-{size - 1}/{size}", suffix.Context.Response.Headers.ContentRange.ToString());

        foreach (var bad in new[] { "bytes=999999999-", "bytes=abc", "items=0-1", "bytes=5-2" })
        {
            var refused = await Host.Scenario(s =>
            {
                s.Get.Url($"/api/detections/{id}/video");
                s.WithRequestHeader("Range", bad);
                s.StatusCodeShouldBe(416);
            });
            Assert.Equal($"bytes */{size}", refused.Context.Response.Headers.ContentRange.ToString());
        }
        await Host.Scenario(s => { s.Get.Url($"/api/detections/{id}/video"); s.StatusCodeShouldBe(200); });

        var frame = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/detections/{id}/image?full=true");
            s.StatusCodeShouldBe(200);
            s.ContentTypeShouldBe("image/jpeg");
        });
        Assert.Equal("public, max-age=3600", frame.Context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task A_clip_larger_than_1920_pixels_is_sampled_smaller_with_boxes_in_its_own_pixels()
    {
        // person.jpg (640x424) at four times the size: frames are sampled at 1920 wide, boxes reported at 2560.
        var large = Path.Combine(App.DataDir, "person-2560.jpg");
        using (var ffmpeg = global::System.Diagnostics.Process.Start("ffmpeg", ["-y", "-loglevel", "error", "-i", Fixture("person.jpg"), "-vf", "scale=2560:1696", large]))
            await ffmpeg.WaitForExitAsync();
        App.Drop(PipelineScenario.MakeClip(large, Path.Combine(App.DataDir, "large.mp4"), seconds: 1));

        var person = (await Host.WaitForDetectionsAsync(1, "&object_type=person"))[0]!;
        Assert.Equal(2560, person["video_width"]!.GetValue<int>());
        var box = (person["bbox_x"]!.GetValue<int>(), person["bbox_y"]!.GetValue<int>(), person["bbox_width"]!.GetValue<int>(), person["bbox_height"]!.GetValue<int>());
        var want = Expected.Single(e => e.Image == "person.jpg" && e.Type == "person");
        Assert.True(IoU(box, (want.X * 4, want.Y * 4, want.W * 4, want.H * 4)) >= 0.8, $"person box {box}");
    }

    [Fact]
    public async Task Duplicated_analysis_messages_running_at_once_record_detections_once()
    {
        // With the model parked, the file's analysis waits; three duplicates of its message join it,
        // and all four run together once the model is back.
        var parked = App.ModelPath + ".parked";
        File.Move(App.ModelPath, parked);
        Guid mediaId;
        try
        {
            App.Drop(Fixture("dog.jpg"));
            mediaId = (await Eventually.GetAsync(async () =>
            {
                await using var session = App.Store.QuerySession();
                return await session.Query<MediaView>().ToListAsync();
            }, m => m.Count == 1, what: "the file to be accepted")).Single().Id;

            using var scope = Host.Services.CreateScope();
            var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
            for (var i = 0; i < 3; i++) await bus.PublishAsync(new AnalyzeMedia(mediaId));
        }
        finally
        {
            File.Move(parked, App.ModelPath);
        }

        await Host.WaitForDetectionsAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(20)); // past every duplicate's rescheduled run
        Assert.Equal(3, (await Host.DetectionsAsync()).Count);
        await using var check = App.Store.QuerySession();
        var events = (await check.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Select(e => e.Data.GetType().Name).ToList();
        // Enrichment runs beside grouping, so its place in the stream varies; once is what counts.
        Assert.Equal(["MediaReceived", "MediaAnalyzed", "DetectionsGrouped"], events.Where(e => e != nameof(DetectionEnriched)));
        Assert.Single(events, nameof(DetectionEnriched));
    }

    [Fact]
    public async Task Unreadable_files_are_rejected_with_the_reason_and_the_next_good_file_is_processed()
    {
        var bytes = await File.ReadAllBytesAsync(Fixture("person.jpg"));
        var folder = App.CameraFolder();
        await File.WriteAllBytesAsync(Path.Combine(folder, "truncated.jpg"), bytes[..(bytes.Length / 2)]);
        await File.WriteAllBytesAsync(Path.Combine(folder, "empty.jpg"), []);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not media");

        var rejected = await Eventually.GetAsync(async () =>
        {
            await using var session = App.Store.QuerySession();
            return await session.Query<MediaView>().Where(m => m.State == MediaState.Rejected).ToListAsync();
        }, r => r.Count == 2, what: "two rejections");
        Assert.Contains(rejected, m => m.FilePath.EndsWith("truncated.jpg") && m.RejectionReason!.Contains("truncated"));
        Assert.Contains(rejected, m => m.FilePath.EndsWith("empty.jpg") && m.RejectionReason == "file is empty");

        await using (var session = App.Store.QuerySession())
        {
            var media = rejected.Single(m => m.FilePath.EndsWith("truncated.jpg"));
            var events = await session.Events.FetchStreamAsync(StreamKeys.Media(media.Id));
            Assert.Equal(["MediaReceived", "MediaRejected"], events.Select(e => e.Data.GetType().Name));
            Assert.False(await session.Query<MediaView>().AnyAsync(m => m.FilePath.EndsWith("notes.txt")));
        }

        App.Drop(Fixture("dog.jpg"));
        await Host.WaitForDetectionsAsync(3);
    }

    [Fact]
    public async Task The_same_content_twice_within_the_window_is_analysed_once()
    {
        App.Drop(Fixture("dog.jpg"), "first.jpg");
        await Host.WaitForDetectionsAsync(3);
        App.Drop(Fixture("dog.jpg"), "second.jpg");
        App.Drop(Fixture("dog.jpg"), "first.jpg", camera: "garage"); // another camera: its own window

        await Host.WaitForDetectionsAsync(6);
        await Task.Delay(1500);
        var items = await Host.DetectionsAsync();
        Assert.Equal(6, items.Count);
        Assert.DoesNotContain(items, i => i!.Str("file_path").EndsWith("second.jpg"));

        // The skipped copy is on record, so a restart's rescan does not analyse it either.
        await using var session = App.Store.QuerySession();
        var skipped = await session.Query<MediaView>().SingleAsync(m => m.FilePath.EndsWith("second.jpg"));
        Assert.Equal(MediaState.Duplicate, skipped.State);
    }

    [Fact]
    public async Task Upload_over_http_is_accepted_then_a_repeat_is_a_duplicate()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });

        var first = await UploadAsync("porch", Fixture("person.jpg"), 202);
        Assert.Equal("accepted", first.Str("status"));
        await Host.WaitForDetectionsAsync(3, "&camera_id=porch");

        var again = await UploadAsync("porch", Fixture("person.jpg"), 200);
        Assert.Equal("duplicate", again.Str("status"));
        Assert.Equal(first.Str("media_id"), again.Str("media_id"));

        await UploadAsync("nope", Fixture("person.jpg"), 404);
        await UploadAsync("porch", Path.Combine(FixturePaths.Fixtures, "README.md"), 422);
    }

    [Fact]
    public async Task A_model_that_stops_loading_ends_in_the_dead_letter_storage_after_its_retries()
    {
        var good = await File.ReadAllBytesAsync(App.ModelPath);
        var before = await DeadLetterCountAsync();
        try
        {
            await File.WriteAllTextAsync(App.ModelPath, "this is not an ONNX model");
            App.Drop(Fixture("person.jpg"));

            var letters = await Eventually.GetAsync(DeadLetterCountAsync, c => c > before, TimeSpan.FromSeconds(90), "a dead letter");
            Assert.Equal(before + 1, letters);
            await using var cmd = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                "select exception_message from hsi_messages.wolverine_dead_letters where message_type like '%AnalyzeMedia%' order by failed_at desc limit 1");
            Assert.Contains("does not load", (string)(await cmd.ExecuteScalarAsync())!);
            Assert.Empty(await Host.DetectionsAsync());
        }
        finally
        {
            await File.WriteAllBytesAsync(App.ModelPath, good);
        }

        App.Drop(Fixture("dog.jpg"));
        await Host.WaitForDetectionsAsync(3);
    }

    [Fact]
    public async Task Without_a_model_accepted_media_waits_and_is_analysed_once_the_model_is_there()
    {
        var parked = App.ModelPath + ".parked";
        File.Move(App.ModelPath, parked);
        try
        {
            App.Drop(Fixture("person.jpg"));
            var waiting = await Eventually.GetAsync(async () =>
            {
                await using var session = App.Store.QuerySession();
                return await session.Query<MediaView>().ToListAsync();
            }, m => m.Count == 1, what: "the file to be accepted");
            Assert.Equal(MediaState.Received, waiting[0].State);

            var health = await Host.Scenario(s => { s.Get.Url("/api/system/health"); s.StatusCodeShouldBe(503); });
            Assert.Contains("no model at", (await health.JsonAsync())["services"]!["ai"]!.Str("message"));
            await Task.Delay(1000);
            Assert.Empty(await Host.DetectionsAsync());
        }
        finally
        {
            File.Move(parked, App.ModelPath);
        }
        await Host.WaitForDetectionsAsync(3);
    }

    private async Task<long> DeadLetterCountAsync()
    {
        await using var cmd = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select count(*) from hsi_messages.wolverine_dead_letters where message_type like '%AnalyzeMedia%'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<JsonNode> UploadAsync(string camera, string file, int status)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file)), "file", Path.GetFileName(file));
        var client = Host.Server.CreateClient();
        var response = await client.PostAsync($"/api/cameras/{camera}/media", content);
        Assert.Equal(status, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<WebSocket> ConnectAsync(string path)
    {
        var client = Host.Server.CreateWebSocketClient();
        return await client.ConnectAsync(new Uri(Host.Server.BaseAddress, path), CancellationToken.None);
    }

    internal static async Task<JsonNode> ReceiveJsonAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
    }

    private static double IoU((int X, int Y, int W, int H) a, (int X, int Y, int W, int H) b)
    {
        var w = Math.Min(a.X + a.W, b.X + b.W) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.H, b.Y + b.H) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        double inter = w * h;
        return inter / (a.W * a.H + b.W * b.H - inter);
    }
}
