using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Hardening;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Marten;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Tests.Calibration;

public class CalibrationTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T22:48:01Z");

    [Fact]
    public async Task Get_records_the_defaults_on_first_use()
    {
        var calibration = (await Host.GetJsonAsync("/api/calibration")).Calibration();

        Assert.Equal(1, calibration.Id);
        Assert.Equal("default", calibration.UserId);
        Assert.Equal((30, 60, 85, 0.1), calibration.Levels);
        Assert.Equal((0, 0, 0), calibration.Counts);
        Assert.EndsWith("Z", calibration.CreatedAt);
        Assert.Equal(calibration.CreatedAt, calibration.UpdatedAt);

        var again = (await Host.GetJsonAsync("/api/calibration")).Calibration();
        Assert.Equal(calibration.CreatedAt, again.CreatedAt);
        Assert.Single((await Host.GetJsonAsync("/api/calibration/history")).History());
    }

    [Fact]
    public async Task Concurrent_first_gets_all_succeed_and_record_the_defaults_once()
    {
        var all = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Host.SendAsync(HttpMethod.Get, "/api/calibration")));

        Assert.All(all, c => Assert.Equal((30, 60, 85, 0.1), c.Calibration().Levels));
        Assert.Single((await Host.GetJsonAsync("/api/calibration/history")).History());
    }

    [Fact]
    public async Task Patch_merges_with_the_stored_values()
    {
        var first = (await Host.GetJsonAsync("/api/calibration")).Calibration();

        var low = (await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 20 })).Calibration();
        Assert.Equal((20, 60, 85, 0.1), low.Levels);

        var more = (await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { high_threshold = 90, decay_factor = 0.2 })).Calibration();
        Assert.Equal((20, 60, 90, 0.2), more.Levels);
        var stored = (await Host.GetJsonAsync("/api/calibration")).Calibration();
        Assert.Equal(more.UpdatedAt, stored.UpdatedAt);
        Assert.Equal(first.CreatedAt, stored.CreatedAt);
        Assert.NotEqual(stored.CreatedAt, stored.UpdatedAt);
        Assert.Equal(first.Version + 2, stored.Version);
    }

    [Theory]
    [InlineData("""{"low_threshold":70}""", "low_threshold", "low_threshold (70) must be less than medium_threshold (60)")]
    [InlineData("""{"low_threshold":60}""", "low_threshold", "low_threshold (60) must be less than medium_threshold (60)")]
    [InlineData("""{"medium_threshold":90}""", "medium_threshold", "medium_threshold (90) must be less than high_threshold (85)")]
    [InlineData("""{"high_threshold":50}""", "medium_threshold", "medium_threshold (60) must be less than high_threshold (50)")]
    public async Task An_order_broken_after_merging_is_422_with_the_spec_message(string body, string field, string msg)
    {
        var error = await Host.SendTextAsync(HttpMethod.Patch, "/api/calibration", body, 422);

        var issue = Assert.Single(error["detail"]!.AsArray())!;
        Assert.Equal(["body", field], issue["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(msg, issue.Str("msg"));
        Assert.Equal("value_error", issue.Str("type"));
        Assert.Equal((30, 60, 85, 0.1), (await Host.SendAsync(HttpMethod.Get, "/api/calibration")).Calibration().Levels);
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
        var error = await Host.SendTextAsync(HttpMethod.Patch, "/api/calibration", body, 422);

        var issue = error["detail"]![0]!;
        Assert.Equal(["body", field], issue["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("PATCH", "/api/calibration", """{"low_threshold":1e400}""", """{"high_threshold":99999999999}""", """{"decay_factor":"NaN"}""", """{"low_threshold":true}""")]
    [InlineData("PUT", "/api/calibration", """{"low_threshold":1e400}""", """{"decay_factor":"NaN"}""")]
    [InlineData("POST", "/api/events/1/feedback", """{"feedback_type":null}""", """{"feedback_type":"FALSE_POSITIVE"}""", """{"feedback_type":["correct"]}""")]
    public async Task Hostile_bodies_get_a_shaped_4xx_and_change_nothing(string method, string url, params string[] ownBodies)
    {
        await App.Store.AssessedEventAsync(1, 70, "front_door");
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
        var calibration = await Host.SendAsync(HttpMethod.Get, "/api/calibration");
        Assert.Equal((30, 60, 85, 0.1), calibration.Calibration().Levels);
        Assert.Equal((0, 0, 0), calibration.Calibration().Counts);
    }

    [Fact]
    public async Task Put_is_a_partial_update_too()
    {
        await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { decay_factor = 0.3 });

        var put = await Host.SendAsync(HttpMethod.Put, "/api/calibration", new { medium_threshold = 50 });

        Assert.Equal((30, 50, 85, 0.3), put.Calibration().Levels);
        await Host.SendAsync(HttpMethod.Put, "/api/calibration", new { medium_threshold = 20 }, 422);
    }

    [Fact]
    public async Task Defaults_are_the_spec_values()
    {
        await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 10 });

        var defaults = await Host.SendAsync(HttpMethod.Get, "/api/calibration/defaults");

        Assert.Equal((30, 60, 85, 0.1), defaults.Calibration().Levels);
    }

    [Fact]
    public async Task Reset_restores_the_defaults_and_keeps_the_counters()
    {
        await App.Store.AssessedEventAsync(1, 80, "front_door");
        await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 10, medium_threshold = 40, decay_factor = 0.5 });
        await Host.SendAsync(HttpMethod.Post, "/api/events/1/feedback", new { feedback_type = "false_positive" });

        var reset = await Host.SendAsync(HttpMethod.Post, "/api/calibration/reset");

        Assert.Equal("Calibration reset to defaults", reset.Str("message"));
        Assert.Equal((30, 60, 85, 0.1), reset["calibration"]!.Calibration().Levels);
        Assert.Equal((0, 1, 0), reset["calibration"]!.Calibration().Counts);
        Assert.Equal((30, 60, 85, 0.1), (await Host.SendAsync(HttpMethod.Get, "/api/calibration")).Calibration().Levels);
    }

    [Fact]
    public async Task Feedback_moves_the_thresholds_by_the_spec_formula_and_counts_it()
    {
        await App.Store.AssessedEventAsync(1, 80, "front_door");
        await App.Store.AssessedEventAsync(2, 20, "front_door");
        await App.Store.AssessedEventAsync(3, 50, "front_door");
        // decay 0.5: base step = max(1, int(10 × 0.5)) = 5.
        await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { decay_factor = 0.5 });

        // False positive at 80: all three rise by int(5 × max(1, 80/50)) = 8.
        var fp = await Host.SendAsync(HttpMethod.Post, "/api/events/1/feedback", new { feedback_type = "false_positive" });
        Assert.Equal(1, fp["event_id"]!.GetValue<long>());
        Assert.Equal("false_positive", fp.Str("feedback_type"));
        Assert.Equal((38, 68, 93, 0.5), fp["calibration"]!.Calibration().Levels);
        Assert.Equal((0, 1, 0), fp["calibration"]!.Calibration().Counts);

        // Missed threat at 20: all three fall by int(5 × max(1, (100 − 20)/50)) = 8.
        var missed = await Host.SendAsync(HttpMethod.Post, "/api/events/2/feedback", new { feedback_type = "missed_threat" });
        Assert.Equal((30, 60, 85, 0.5), missed["calibration"]!.Calibration().Levels);
        Assert.Equal((0, 1, 1), missed["calibration"]!.Calibration().Counts);

        var correct = await Host.SendAsync(HttpMethod.Post, "/api/events/3/feedback", new { feedback_type = "correct" });
        Assert.Equal((30, 60, 85, 0.5), correct["calibration"]!.Calibration().Levels);
        Assert.Equal((1, 1, 1), (await Host.SendAsync(HttpMethod.Get, "/api/calibration")).Calibration().Counts);

        var given = Assert.IsType<FeedbackGiven>((await App.Store.EventStreamAsync(1))[^1]);
        Assert.Equal((FeedbackKind.FalsePositive, 80), (given.Kind, given.RiskScore));
    }

    [Fact]
    public async Task Feedback_is_refused_without_an_assessment_for_an_unknown_event_and_for_a_bad_type()
    {
        await App.Store.ClosedEventAsync(1, "front_door", At, "person");
        await App.Store.AssessedEventAsync(2, 70, "front_door");

        var unassessed = await Host.SendAsync(HttpMethod.Post, "/api/events/1/feedback", new { feedback_type = "false_positive" }, 400);
        Assert.Contains("no risk assessment", unassessed.Str("detail"));
        var unknown = await Host.SendAsync(HttpMethod.Post, "/api/events/999/feedback", new { feedback_type = "correct" }, 404);
        Assert.Equal("Event with id 999 not found", unknown.Str("detail"));

        foreach (var body in new[] { """{"feedback_type":"wrong"}""", """{"feedback_type":1}""", "{}" })
        {
            var error = await Host.SendTextAsync(HttpMethod.Post, "/api/events/2/feedback", body, 422);
            Assert.Equal(["body", "feedback_type"], error["detail"]![0]!["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
        }

        Assert.Equal((0, 0, 0), (await Host.SendAsync(HttpMethod.Get, "/api/calibration")).Calibration().Counts);
        Assert.DoesNotContain(await App.Store.EventStreamAsync(1), e => e is FeedbackGiven);
        Assert.DoesNotContain(await App.Store.EventStreamAsync(2), e => e is FeedbackGiven);
    }

    [Fact]
    public async Task Concurrent_feedback_on_different_events_is_all_counted()
    {
        var ids = Enumerable.Range(1, 5).Select(i => (long)i).ToList();
        foreach (var id in ids) await App.Store.AssessedEventAsync(id, 60, "front_door");

        await Task.WhenAll(ids.Select(id => Host.SendAsync(HttpMethod.Post, $"/api/events/{id}/feedback", new { feedback_type = "false_positive" })));

        // Each false positive at 60 raises all three by int(1 × max(1, 60/50)) = 1.
        var calibration = await Host.SendAsync(HttpMethod.Get, "/api/calibration");
        Assert.Equal((0, 5, 0), calibration.Calibration().Counts);
        Assert.Equal((35, 65, 90, 0.1), calibration.Calibration().Levels);
        var adjusted = (await Host.GetJsonAsync("/api/calibration/history")).History()
            .Where(c => c.Kind == "adjusted").Select(c => c.EventId!.Value);
        Assert.Equal(ids, adjusted.Order());
    }

    [Fact]
    public async Task History_lists_every_change_newest_first()
    {
        await App.Store.AssessedEventAsync(7, 80, "front_door");
        await Host.SendAsync(HttpMethod.Get, "/api/calibration");
        await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 20 });
        await Host.SendAsync(HttpMethod.Post, "/api/events/7/feedback", new { feedback_type = "false_positive" });
        await Host.SendAsync(HttpMethod.Post, "/api/calibration/reset");

        var history = await Host.SendAsync(HttpMethod.Get, "/api/calibration/history");

        var items = history.History();
        Assert.Equal([4L, 3, 2, 1], items.Select(i => i.Version));
        Assert.Equal(["reset", "adjusted", "changed", "changed"], items.Select(i => i.Kind));
        Assert.Equal(4, history["pagination"]!["total"]!.GetValue<int>());

        var (reset, feedback, patch, first) = (items[0], items[1], items[2], items[3]);
        Assert.Equal((30, 60, 85, 0.1), first.Levels);
        Assert.Null(first.EventId);
        Assert.Equal((20, 60, 85, 0.1), patch.Levels);
        // Decay 0.1 gives a base step of 1; a false positive at 80 raises all three by int(1 × 1.6) = 1.
        Assert.Equal((21, 61, 86, 0.1), feedback.Levels);
        Assert.Equal(7, feedback.EventId);
        Assert.Equal("false_positive", feedback.FeedbackType);
        Assert.Equal(80, feedback.RiskScore);
        Assert.Equal((0, 1, 0), feedback.Counts);
        Assert.Equal((30, 60, 85, 0.1), reset.Levels);
        Assert.Equal((0, 1, 0), reset.Counts);
        Assert.Equal((0, 0, 0), patch.Counts);
    }

    /// <summary>
    /// The contract the risk handler relies on: a decision takes the thresholds and version of the
    /// <c>calibration:default</c> stream as they are when it is made, so a change applies to the next one.
    /// </summary>
    [Fact]
    public async Task A_calibration_change_applies_to_the_next_decision()
    {
        const int score = 50;
        var before = (await Host.GetJsonAsync("/api/calibration")).Calibration();
        Assert.Equal(RiskLevel.Medium, RiskLevels.Of(score, before.Thresholds));

        var after = (await Host.SendAsync(HttpMethod.Patch, "/api/calibration", new { low_threshold = 20, medium_threshold = 40 })).Calibration();

        Assert.Equal(RiskLevel.High, RiskLevels.Of(score, after.Thresholds));
        await using var session = App.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(StreamKeys.Calibration(CalibrationState.DefaultUser));
        var inForce = new CalibrationInForce(stream[^1].Version, StreamFold.Fold<CalibrationState>(stream.Select(e => e.Data))!.Thresholds);
        Assert.Equal(after.Thresholds, inForce.Thresholds);
        Assert.Equal(after.Version, inForce.Version);
        Assert.True(inForce.Version > before.Version);

        await App.Store.ClosedEventAsync(1, "front_door", At, "person");
        var inputs = StreamFold.Fold<SecurityEvent>(await App.Store.EventStreamAsync(1))!.InputsFor("Front Door", "UTC", 0);
        var decision = SecurityEventDecisions.DecisionFrom(
            new RiskAnalysis(score, "A person at the door", "seeded", [], null, "{}"), new AnalyzerIdentity("rules", "rules", "1"), inForce, inputs, "test");
        Assert.Equal((RiskLevel.High, inForce.Version), (decision.RiskLevel, decision.Calibration.Version));
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
