using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Hardening;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Marten;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Tests.Calibration;

public class CalibrationTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T22:48:01Z");

    private async Task<JsonNode> SendAsync(HttpMethod method, string url, object? body = null, int status = 200)
    {
        var result = await Host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(url);
            else if (method == HttpMethod.Patch) s.Patch.Json(body!).ToUrl(url);
            else if (method == HttpMethod.Put) s.Put.Json(body!).ToUrl(url);
            else if (body is null) s.Post.Url(url);
            else s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });
        return await result.JsonAsync();
    }

    private async Task<JsonNode> SendRawAsync(HttpMethod method, string url, string body, int status)
    {
        var result = await Host.Scenario(s =>
        {
            if (method == HttpMethod.Patch) s.Patch.Text(body).ToUrl(url);
            else s.Post.Text(body).ToUrl(url);
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(status);
        });
        return await result.JsonAsync();
    }

    private static (int Low, int Medium, int High, double Decay) ThresholdsOf(JsonNode c) =>
        (c["low_threshold"]!.GetValue<int>(), c["medium_threshold"]!.GetValue<int>(), c["high_threshold"]!.GetValue<int>(), c["decay_factor"]!.GetValue<double>());

    private static (int Correct, int FalsePositive, int MissedThreat) CountsOf(JsonNode c) =>
        (c["correct_count"]!.GetValue<int>(), c["false_positive_count"]!.GetValue<int>(), c["missed_threat_count"]!.GetValue<int>());

    /// <summary>A closed security event, assessed at <paramref name="score"/> unless told otherwise (batching and risk handlers are not involved).</summary>
    private async Task SeedEventAsync(long id, int score, bool assessed = true)
    {
        var detection = new BatchedDetection(id * 10, Guid.NewGuid(), "person", 0.8, 10, 20, 30, 40, At);
        var events = new List<object>
        {
            new BatchOpened(id, $"batch_{id}", "front_door", false, At),
            new DetectionsAttached(id, detection.MediaId, [detection], At),
            new BatchClosed(id, CloseReason.Idle, At.AddSeconds(30)),
        };
        if (assessed)
        {
            var inputs = SecurityEvent.Fold(events)!.InputsFor("Front Door", "UTC", 0);
            var decision = SecurityEventDecisions.DecisionFrom(
                new RiskAnalysis(score, "A person at the door", "seeded", [], null, "{}"),
                new AnalyzerIdentity("rules", "rules", "1"), new CalibrationInForce(0, Thresholds.Defaults), inputs, "test");
            events.Add(new RiskAssessed(id, decision, At.AddSeconds(31)));
        }
        await using var session = App.Store.LightweightSession();
        session.Events.StartStream(StreamKeys.SecurityEvent(id), [.. events]);
        await session.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<object>> EventStreamAsync(long id)
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(id))).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task Get_records_the_defaults_on_first_use()
    {
        var calibration = await SendAsync(HttpMethod.Get, "/api/calibration");

        Assert.Equal(1, calibration["id"]!.GetValue<int>());
        Assert.Equal("default", calibration.Str("user_id"));
        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(calibration));
        Assert.Equal((0, 0, 0), CountsOf(calibration));
        Assert.EndsWith("Z", calibration.Str("created_at"));
        Assert.Equal(calibration.Str("created_at"), calibration.Str("updated_at"));

        var again = await SendAsync(HttpMethod.Get, "/api/calibration");
        Assert.Equal(calibration.Str("created_at"), again.Str("created_at"));
        Assert.Single((await SendAsync(HttpMethod.Get, "/api/calibration/history"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Concurrent_first_gets_all_succeed_and_record_the_defaults_once()
    {
        var all = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(HttpMethod.Get, "/api/calibration")));

        Assert.All(all, c => Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(c)));
        Assert.Single((await SendAsync(HttpMethod.Get, "/api/calibration/history"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Patch_merges_with_the_stored_values()
    {
        var first = await SendAsync(HttpMethod.Get, "/api/calibration");

        var low = await SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 20 });
        Assert.Equal((20, 60, 85, 0.1), ThresholdsOf(low));

        var more = await SendAsync(HttpMethod.Patch, "/api/calibration", new { high_threshold = 90, decay_factor = 0.2 });
        Assert.Equal((20, 60, 90, 0.2), ThresholdsOf(more));
        var stored = await SendAsync(HttpMethod.Get, "/api/calibration");
        Assert.Equal(more.Str("updated_at"), stored.Str("updated_at"));
        Assert.Equal(first.Str("created_at"), stored.Str("created_at"));
        Assert.NotEqual(stored.Str("created_at"), stored.Str("updated_at"));
        Assert.Equal(first["version"]!.GetValue<long>() + 2, stored["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"low_threshold":70}""", "low_threshold", "low_threshold (70) must be less than medium_threshold (60)")]
    [InlineData("""{"low_threshold":60}""", "low_threshold", "low_threshold (60) must be less than medium_threshold (60)")]
    [InlineData("""{"medium_threshold":90}""", "medium_threshold", "medium_threshold (90) must be less than high_threshold (85)")]
    [InlineData("""{"high_threshold":50}""", "medium_threshold", "medium_threshold (60) must be less than high_threshold (50)")]
    public async Task An_order_broken_after_merging_is_422_with_the_spec_message(string body, string field, string msg)
    {
        var error = await SendRawAsync(HttpMethod.Patch, "/api/calibration", body, 422);

        var issue = Assert.Single(error["detail"]!.AsArray())!;
        Assert.Equal(["body", field], issue["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(msg, issue.Str("msg"));
        Assert.Equal("value_error", issue.Str("type"));
        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(await SendAsync(HttpMethod.Get, "/api/calibration")));
    }

    [Theory]
    [InlineData("""{"low_threshold":-1}""", "low_threshold")]
    [InlineData("""{"high_threshold":101}""", "high_threshold")]
    [InlineData("""{"decay_factor":1.5}""", "decay_factor")]
    [InlineData("""{"decay_factor":-0.1}""", "decay_factor")]
    [InlineData("""{"low_threshold":"low"}""", "low_threshold")]
    [InlineData("""{"medium_threshold":50.5}""", "medium_threshold")]
    public async Task Out_of_range_and_wrong_types_are_422(string body, string field)
    {
        var error = await SendRawAsync(HttpMethod.Patch, "/api/calibration", body, 422);

        var issue = error["detail"]![0]!;
        Assert.Equal(["body", field], issue["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("PATCH", "/api/calibration", """{"low_threshold":1e400}""", """{"high_threshold":99999999999}""", """{"decay_factor":"NaN"}""", """{"low_threshold":true}""")]
    [InlineData("PUT", "/api/calibration", """{"low_threshold":1e400}""", """{"decay_factor":"NaN"}""")]
    [InlineData("POST", "/api/events/1/feedback", """{"feedback_type":null}""", """{"feedback_type":"FALSE_POSITIVE"}""", """{"feedback_type":["correct"]}""")]
    public async Task Hostile_bodies_get_a_shaped_4xx_and_change_nothing(string method, string url, params string[] ownBodies)
    {
        await SeedEventAsync(1, score: 70);
        string[] bodies = ["{", "[]", "1", "\"x\"", new string('[', 5000) + new string(']', 5000), .. ownBodies];
        foreach (var body in bodies)
        {
            var result = await Host.Scenario(s =>
            {
                if (method == "PATCH") s.Patch.Text(body).ToUrl(url);
                else if (method == "PUT") s.Put.Text(body).ToUrl(url);
                else s.Post.Text(body).ToUrl(url);
                s.WithRequestHeader("Content-Type", "application/json");
                s.IgnoreStatusCode();
            });
            var status = result.Context.Response.StatusCode;
            Assert.True(status == 422, $"{method} {url} with {body[..Math.Min(body.Length, 40)]}: {status}");
            Assert.NotNull((await result.JsonAsync())["detail"]);
        }
        var calibration = await SendAsync(HttpMethod.Get, "/api/calibration");
        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(calibration));
        Assert.Equal((0, 0, 0), CountsOf(calibration));
    }

    [Fact]
    public async Task Put_is_a_partial_update_too()
    {
        await SendAsync(HttpMethod.Patch, "/api/calibration", new { decay_factor = 0.3 });

        var put = await SendAsync(HttpMethod.Put, "/api/calibration", new { medium_threshold = 50 });

        Assert.Equal((30, 50, 85, 0.3), ThresholdsOf(put));
        await SendAsync(HttpMethod.Put, "/api/calibration", new { medium_threshold = 20 }, 422);
    }

    [Fact]
    public async Task Defaults_are_the_spec_values()
    {
        await SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 10 });

        var defaults = await SendAsync(HttpMethod.Get, "/api/calibration/defaults");

        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(defaults));
    }

    [Fact]
    public async Task Reset_restores_the_defaults_and_keeps_the_counters()
    {
        await SeedEventAsync(1, score: 80);
        await SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 10, medium_threshold = 40, decay_factor = 0.5 });
        await SendAsync(HttpMethod.Post, "/api/events/1/feedback", new { feedback_type = "false_positive" });

        var reset = await SendAsync(HttpMethod.Post, "/api/calibration/reset");

        Assert.Equal("Calibration reset to defaults", reset.Str("message"));
        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(reset["calibration"]!));
        Assert.Equal((0, 1, 0), CountsOf(reset["calibration"]!));
        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(await SendAsync(HttpMethod.Get, "/api/calibration")));
    }

    [Fact]
    public async Task Feedback_moves_the_thresholds_by_the_spec_formula_and_counts_it()
    {
        await SeedEventAsync(1, score: 80);
        await SeedEventAsync(2, score: 20);
        await SeedEventAsync(3, score: 50);
        // decay 0.5: base step = max(1, int(10 × 0.5)) = 5.
        await SendAsync(HttpMethod.Patch, "/api/calibration", new { decay_factor = 0.5 });

        // False positive at 80: all three rise by int(5 × max(1, 80/50)) = 8.
        var fp = await SendAsync(HttpMethod.Post, "/api/events/1/feedback", new { feedback_type = "false_positive" });
        Assert.Equal(1, fp["event_id"]!.GetValue<long>());
        Assert.Equal("false_positive", fp.Str("feedback_type"));
        Assert.Equal((38, 68, 93, 0.5), ThresholdsOf(fp["calibration"]!));
        Assert.Equal((0, 1, 0), CountsOf(fp["calibration"]!));

        // Missed threat at 20: all three fall by int(5 × max(1, (100 − 20)/50)) = 8.
        var missed = await SendAsync(HttpMethod.Post, "/api/events/2/feedback", new { feedback_type = "missed_threat" });
        Assert.Equal((30, 60, 85, 0.5), ThresholdsOf(missed["calibration"]!));
        Assert.Equal((0, 1, 1), CountsOf(missed["calibration"]!));

        var correct = await SendAsync(HttpMethod.Post, "/api/events/3/feedback", new { feedback_type = "correct" });
        Assert.Equal((30, 60, 85, 0.5), ThresholdsOf(correct["calibration"]!));
        Assert.Equal((1, 1, 1), CountsOf(await SendAsync(HttpMethod.Get, "/api/calibration")));

        var given = Assert.IsType<FeedbackGiven>((await EventStreamAsync(1))[^1]);
        Assert.Equal((FeedbackKind.FalsePositive, 80), (given.Kind, given.RiskScore));
    }

    [Fact]
    public async Task Feedback_is_refused_without_an_assessment_for_an_unknown_event_and_for_a_bad_type()
    {
        await SeedEventAsync(1, score: 0, assessed: false);
        await SeedEventAsync(2, score: 70);

        var unassessed = await SendAsync(HttpMethod.Post, "/api/events/1/feedback", new { feedback_type = "false_positive" }, 400);
        Assert.Contains("no risk assessment", unassessed.Str("detail"));
        var unknown = await SendAsync(HttpMethod.Post, "/api/events/999/feedback", new { feedback_type = "correct" }, 404);
        Assert.Equal("Event with id 999 not found", unknown.Str("detail"));

        foreach (var body in new[] { """{"feedback_type":"wrong"}""", """{"feedback_type":1}""", "{}" })
        {
            var error = await SendRawAsync(HttpMethod.Post, "/api/events/2/feedback", body, 422);
            Assert.Equal(["body", "feedback_type"], error["detail"]![0]!["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
        }

        Assert.Equal((0, 0, 0), CountsOf(await SendAsync(HttpMethod.Get, "/api/calibration")));
        Assert.DoesNotContain(await EventStreamAsync(1), e => e is FeedbackGiven);
        Assert.DoesNotContain(await EventStreamAsync(2), e => e is FeedbackGiven);
    }

    [Fact]
    public async Task Concurrent_feedback_on_different_events_is_all_counted()
    {
        var ids = Enumerable.Range(1, 5).Select(i => (long)i).ToList();
        foreach (var id in ids) await SeedEventAsync(id, score: 60);

        await Task.WhenAll(ids.Select(id => SendAsync(HttpMethod.Post, $"/api/events/{id}/feedback", new { feedback_type = "false_positive" })));

        // Each false positive at 60 raises all three by int(1 × max(1, 60/50)) = 1.
        var calibration = await SendAsync(HttpMethod.Get, "/api/calibration");
        Assert.Equal((0, 5, 0), CountsOf(calibration));
        Assert.Equal((35, 65, 90, 0.1), ThresholdsOf(calibration));
        var adjusted = (await SendAsync(HttpMethod.Get, "/api/calibration/history"))["items"]!.AsArray()
            .Where(c => c!.Str("kind") == "adjusted").Select(c => c!["event_id"]!.GetValue<long>());
        Assert.Equal(ids, adjusted.Order());
    }

    [Fact]
    public async Task History_lists_every_change_newest_first()
    {
        await SeedEventAsync(7, score: 80);
        await SendAsync(HttpMethod.Get, "/api/calibration");
        await SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 20 });
        await SendAsync(HttpMethod.Post, "/api/events/7/feedback", new { feedback_type = "false_positive" });
        await SendAsync(HttpMethod.Post, "/api/calibration/reset");

        var history = await SendAsync(HttpMethod.Get, "/api/calibration/history");

        var items = history["items"]!.AsArray().Select(i => i!).ToList();
        Assert.Equal([4L, 3, 2, 1], items.Select(i => i["version"]!.GetValue<long>()));
        Assert.Equal(["reset", "adjusted", "changed", "changed"], items.Select(i => i.Str("kind")));
        Assert.Equal(4, history["pagination"]!["total"]!.GetValue<int>());

        var (reset, feedback, patch, first) = (items[0], items[1], items[2], items[3]);
        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(first));
        Assert.Null(first["event_id"]);
        Assert.Equal((20, 60, 85, 0.1), ThresholdsOf(patch));
        // Decay 0.1 gives a base step of 1; a false positive at 80 raises all three by int(1 × 1.6) = 1.
        Assert.Equal((21, 61, 86, 0.1), ThresholdsOf(feedback));
        Assert.Equal(7, feedback["event_id"]!.GetValue<long>());
        Assert.Equal("false_positive", feedback.Str("feedback_type"));
        Assert.Equal(80, feedback["risk_score"]!.GetValue<int>());
        Assert.Equal((0, 1, 0), CountsOf(feedback));
        Assert.Equal((30, 60, 85, 0.1), ThresholdsOf(reset));
        Assert.Equal((0, 1, 0), CountsOf(reset));
        Assert.Equal((0, 0, 0), CountsOf(patch));
    }

    /// <summary>
    /// The contract the risk handler relies on: a decision takes the thresholds and version of the
    /// <c>calibration:default</c> stream as they are when it is made, so a change applies to the next one.
    /// </summary>
    [Fact]
    public async Task A_calibration_change_applies_to_the_next_decision()
    {
        const int score = 50;
        var before = await SendAsync(HttpMethod.Get, "/api/calibration");
        Assert.Equal(RiskLevel.Medium, RiskLevels.Of(score, ToThresholds(before)));

        var after = await SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 20, medium_threshold = 40 });

        Assert.Equal(RiskLevel.High, RiskLevels.Of(score, ToThresholds(after)));
        await using var session = App.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(StreamKeys.Calibration(CalibrationState.DefaultUser));
        var inForce = new CalibrationInForce(stream[^1].Version, CalibrationState.Fold(stream.Select(e => e.Data))!.Thresholds);
        Assert.Equal(ToThresholds(after), inForce.Thresholds);
        Assert.Equal(after["version"]!.GetValue<long>(), inForce.Version);
        Assert.True(inForce.Version > before["version"]!.GetValue<long>());

        await SeedEventAsync(1, score, assessed: false);
        await using var events = App.Store.QuerySession();
        var inputs = SecurityEvent.Fold((await events.Events.FetchStreamAsync(StreamKeys.SecurityEvent(1))).Select(e => e.Data))!
            .InputsFor("Front Door", "UTC", 0);
        var decision = SecurityEventDecisions.DecisionFrom(
            new RiskAnalysis(score, "A person at the door", "seeded", [], null, "{}"), new AnalyzerIdentity("rules", "rules", "1"), inForce, inputs, "test");
        Assert.Equal((RiskLevel.High, inForce.Version), (decision.RiskLevel, decision.Calibration.Version));
    }

    private static Thresholds ToThresholds(JsonNode c)
    {
        var (low, medium, high, decay) = ThresholdsOf(c);
        return new Thresholds(low, medium, high, decay);
    }
}

[Collection(ApiKeyCollection.Name)]
public class CalibrationApiKeyTests(ApiKeyFixture app)
{
    [Theory]
    [InlineData("PATCH", "/api/calibration")]
    [InlineData("PUT", "/api/calibration")]
    [InlineData("POST", "/api/calibration/reset")]
    [InlineData("POST", "/api/events/1/feedback")]
    public async Task Writes_need_the_api_key(string method, string url) =>
        await app.Host.Scenario(s =>
        {
            var body = new { low_threshold = 10, feedback_type = "correct" };
            if (method == "PATCH") s.Patch.Json(body).ToUrl(url);
            else if (method == "PUT") s.Put.Json(body).ToUrl(url);
            else s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(401);
        });
}
