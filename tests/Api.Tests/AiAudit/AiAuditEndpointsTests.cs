using Hsi.Inference.Risk;
using Hsi.Api.Tests.Cameras;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Detections;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Api.Tests.Hardening;
using Hsi.Api.Tests.Jobs;
using Hsi.Domain.SecurityEvents;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.AiAudit;

/// <summary>The AI audit over HTTP: replays started as jobs (POST → 202 → GET /api/jobs/{id} → result), and the audit reads.</summary>
public class AiAuditEndpointsTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset TwoAm = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_replay_after_lowering_high_threshold_flips_the_event_that_crosses_it_and_the_audit_shows_both_decisions()
    {
        await App.Store.RegisteredCameraAsync("porch", "Front Porch", "UTC");
        await App.Store.ClosedEventAsync(1, "porch", TwoAm, "person");             // 65, high
        await App.Store.ClosedEventAsync(2, "porch", TwoAm.AddHours(2), "person", "person"); // 75, high
        await App.Store.ClosedEventAsync(3, "porch", TwoAm.AddHours(12), "car");   // 25, low
        for (long id = 1; id <= 3; id++) await Host.InvokeMessageAndWaitAsync(new AssessRisk(id));
        await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { high_threshold = 70 });
        var window = new { start_date = TwoAm.AddDays(-1), end_date = TwoAm.AddDays(1) };

        var dry = await Host.RunJobAsync("/api/ai-audit/replay", new { window.start_date, window.end_date, dry_run = true });
        Assert.Equal("high", (await Host.SendAsync(HttpMethod.Get, "/api/events/2")).Str("risk_level"));
        Assert.Equal((1, 0, 2, 0), Totals(dry));

        var report = await Host.RunJobAsync("/api/ai-audit/replay", new { window.start_date, window.end_date });

        Assert.Equal((1, 0, 2, 1), Totals(report));
        var row = Assert.Single(report["rows"]!.AsArray(), r => r!.Str("change") == "up")!;
        Assert.Equal((2, 75, "high", 75, "critical", true),
            (row["event_id"]!.GetValue<long>(), row["old_score"]!.GetValue<int>(), row.Str("old_level"), row["new_score"]!.GetValue<int>(), row.Str("new_level"), row["appended"]!.GetValue<bool>()));
        Assert.Equal("critical", (await Host.SendAsync(HttpMethod.Get, "/api/events/2")).Str("risk_level"));

        var audit = (await Host.SendAsync(HttpMethod.Get, "/api/ai-audit/events/2"))["decisions"]!.AsArray();
        Assert.Equal(["assessed", "reassessed"], audit.Select(d => d!.Str("kind")));
        var (first, second) = (audit[0]!, audit[1]!);
        Assert.Equal(("rules", "rule-based", RuleBasedRiskAnalyzer.RulesVersion, "batch_closed", 85), (first.Str("analyzer"), first.Str("model"), first.Str("model_version"), first.Str("trigger"),
            first["thresholds"]!["high_threshold"]!.GetValue<int>()));
        Assert.Equal(("replay", 70, 75, "high"), (second.Str("trigger"), second["thresholds"]!["high_threshold"]!.GetValue<int>(),
            second["previous_score"]!.GetValue<int>(), second.Str("previous_level")));
        Assert.Equal(report.Str("replay_id"), second.Str("replay_id"));
        Assert.Equal("Front Porch", first["inputs"]!.Str("camera_name"));
        Assert.Equal(2, first["inputs"]!["detections"]!.AsArray().Count);
        Assert.Contains("\"risk_score\":75", first.Str("raw_output"));

        var stats = await Host.SendAsync(HttpMethod.Get, "/api/ai-audit/stats");
        Assert.Equal((4, 3, 1, 1, 0), (stats["total_decisions"]!.GetValue<int>(), stats["assessments"]!.GetValue<int>(), stats["reassessments"]!.GetValue<int>(),
            stats["reassessments_changing_level"]!.GetValue<int>(), stats["fallbacks"]!.GetValue<int>()));
        var levels = stats["level_distribution"]!;
        Assert.Equal((1, 0, 2, 1), (levels["low"]!.GetValue<int>(), levels["medium"]!.GetValue<int>(), levels["high"]!.GetValue<int>(), levels["critical"]!.GetValue<int>()));
        Assert.Equal(60.0, stats["mean_score"]!.GetValue<double>());
        var rules = Assert.Single(stats["by_analyzer"]!.AsArray())!;
        Assert.Equal(("rules", 4), (rules.Str("analyzer"), rules["decisions"]!.GetValue<int>()));
        var future = await Host.SendAsync(HttpMethod.Get, $"/api/ai-audit/stats?start_date={DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Equal(0, future["total_decisions"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_reassessment_is_pushed_on_the_events_socket()
    {
        await App.Store.ClosedEventAsync(2, "porch", TwoAm, "person", "person"); // 75, high
        await Host.InvokeMessageAndWaitAsync(new AssessRisk(2));
        using var socket = await Host.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/events"), CancellationToken.None);

        await Host.RunJobAsync("/api/ai-audit/replay", new { event_ids = new[] { 2 }, calibration = new { high_threshold = 70 } });

        JsonNode message;
        do message = await DetectionPipelineTests.ReceiveJsonAsync(socket); while (message.Str("type") != "event.updated");
        Assert.Equal((2, "critical", 75), (message["data"]!["id"]!.GetValue<long>(), message["data"]!.Str("risk_level"), message["data"]!["risk_score"]!.GetValue<int>()));
    }

    private static (int Up, int Down, int Same, int Appended) Totals(JsonNode report)
    {
        var t = report["totals"]!;
        Assert.Equal(report["rows"]!.AsArray().Count, t["events"]!.GetValue<int>());
        return (t["up"]!.GetValue<int>(), t["down"]!.GetValue<int>(), t["same"]!.GetValue<int>(), t["appended"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_redetect_at_a_higher_threshold_reports_the_lost_detections_and_the_media_audit_shows_both_analyses()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var before = await Host.WaitForDetectionsAsync(3);
        var mediaId = (await Host.MediaIdsAsync()).Single();
        var below = before.Where(d => d!["confidence"]!.GetValue<double>() < 0.83).Select(d => d!["id"]!.GetValue<long>()).Order().ToList();
        Assert.NotEmpty(below);

        var report = await Host.RunJobAsync("/api/ai-audit/redetect", new { media_ids = new[] { mediaId }, confidence_threshold = 0.83 });

        var file = Assert.Single(report["media"]!.AsArray())!;
        Assert.Equal(below, file["lost_detections"]!.AsArray().Select(d => d!["detection_id"]!.GetValue<long>()).Order());
        Assert.Equal((0, below.Count), (report["totals"]!["gained"]!.GetValue<int>(), report["totals"]!["lost"]!.GetValue<int>()));
        var media = await Host.SendAsync(HttpMethod.Get, $"/api/media/{mediaId}");
        Assert.Equal(3 - below.Count, media["detection_count"]!.GetValue<int>());
        Assert.Empty(media["detection_ids"]!.AsArray().Select(i => i!.GetValue<long>()).Intersect(before.Select(d => d!["id"]!.GetValue<long>())));

        var analyses = (await Host.SendAsync(HttpMethod.Get, $"/api/ai-audit/media/{mediaId}"))["analyses"]!.AsArray();
        Assert.Equal(["analyzed", "reanalyzed"], analyses.Select(a => a!.Str("kind")));
        Assert.Equal((3, 3 - below.Count), (analyses[0]!["detection_count"]!.GetValue<int>(), analyses[1]!["detection_count"]!.GetValue<int>()));
        Assert.Equal("yolox_nano", analyses[1]!.Str("model_name"));
        Assert.Equal("CPUExecutionProvider", analyses[1]!.Str("provider"));
        Assert.True(analyses[1]!["timings"]!["total_ms"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Replays_refuse_what_they_cannot_run()
    {
        var window = new { start_date = TwoAm, end_date = TwoAm.AddDays(1) };
        await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/replay", new { dry_run = true }, 422);
        await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/replay", new { start_date = TwoAm, end_date = TwoAm.AddDays(-1) }, 400);
        var llm = await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/replay", new { window.start_date, window.end_date, analyzer = "llm" }, 422);
        Assert.Contains("not configured", llm["detail"]![0]!.Str("msg"));
        await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/replay", new { window.start_date, window.end_date, analyzer = "magic" }, 422);
        var order = await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/replay", new { window.start_date, window.end_date, calibration = new { high_threshold = 50 } }, 422);
        Assert.Contains("medium_threshold (60) must be less than high_threshold (50)", order["detail"]![0]!.Str("msg"));

        await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/redetect", new { dry_run = true }, 422);
        await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/redetect", new { window.start_date, window.end_date, confidence_threshold = 1.5 }, 422);
        await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/redetect", new { window.start_date, window.end_date, model_family = "resnet" }, 422);
        var outside = await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/redetect", new { window.start_date, window.end_date, model_path = "/etc/passwd" }, 422);
        Assert.Equal(["body", "model_path"], outside["detail"]![0]!["loc"]!.AsArray().Select(l => l!.GetValue<string>()));
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(App.ModelPath)!, "broken.onnx"), "not a model");
        var broken = await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/redetect", new { window.start_date, window.end_date, model_path = "broken.onnx" }, 422);
        Assert.Contains("cannot load", broken["detail"]![0]!.Str("msg"));

        Assert.Equal("Event with id 404 not found", (await Host.SendAsync(HttpMethod.Get, "/api/ai-audit/events/404", status: 404)).Str("detail"));
        await Host.SendAsync(HttpMethod.Get, $"/api/ai-audit/media/{Guid.NewGuid()}", status: 404);
        await Host.SendAsync(HttpMethod.Get, $"/api/ai-audit/stats?start_date=2026-01-02T00:00:00Z&end_date=2026-01-01T00:00:00Z", status: 400);
    }

    [Theory]
    [InlineData(252, "a", "")] // 256 bytes: one over NAME_MAX
    [InlineData(126, "é", "")] // 126 characters but 257 bytes: the limit is in UTF-8 bytes
    [InlineData(2100, "d/", "m")] // short names, but a path over PATH_MAX (4096 bytes)
    public async Task A_redetect_with_a_model_path_too_long_for_the_file_system_is_refused_naming_model_path(int repeat, string piece, string tail)
    {
        var modelPath = string.Concat(Enumerable.Repeat(piece, repeat)) + tail + ".onnx";

        var refused = await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/redetect",
            new { start_date = TwoAm, end_date = TwoAm.AddDays(1), model_path = modelPath }, 422);

        Assert.Equal(["body", "model_path"], refused["detail"]![0]!["loc"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Contains("too long", refused["detail"]![0]!.Str("msg"));
    }
}

[Collection(ApiKeyCollection.Name)]
public class AiAuditApiKeyTests(ApiKeyFixture app)
{
    [Theory]
    [InlineData("/api/ai-audit/replay", """{"event_ids":[1],"dry_run":true}""")]
    [InlineData("/api/ai-audit/redetect", """{"media_ids":["0193a5c4-0000-7000-8000-000000000001"],"dry_run":true}""")]
    public async Task Starting_a_replay_needs_the_key(string url, string body)
    {
        await app.Host.Scenario(s => { s.Post.Text(body).ContentType("application/json").ToUrl(url); s.StatusCodeShouldBe(401); });
        await app.Host.Scenario(s =>
        {
            s.Post.Text(body).ContentType("application/json").ToUrl(url);
            s.WithRequestHeader("X-API-Key", ApiKeyFixture.Key);
            s.StatusCodeShouldBe(202);
        });
    }
}
