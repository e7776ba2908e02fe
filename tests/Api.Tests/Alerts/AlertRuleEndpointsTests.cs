using System.Text.Json.Nodes;
using Hsi.Api.Tests.SecurityEvents;

namespace Hsi.Api.Tests.Alerts;

public class AlertRuleEndpointsTests(AppFixture app) : ApiTest(app)
{
    private static string FieldOf(JsonNode error) => error["detail"]![0]!["loc"]![1]!.GetValue<string>();

    [Fact]
    public async Task A_rule_is_created_with_the_defaults_read_back_changed_partially_listed_by_name_and_deleted()
    {
        var id = await Host.RuleAsync(new
        {
            name = "Zulu night person", object_types = new[] { "Person" }, risk_threshold = 60,
            schedule = new { days = new[] { "Fri", "saturday" }, start_time = "22:00", end_time = "06:00", timezone = "Europe/Berlin" },
            channels = new[] { "webhook", "email" }, webhook_url = "https://hooks.example.com/hsi",
        });
        var rule = await Host.GetJsonAsync($"/api/alerts/rules/{id}");
        Assert.Equal(("medium", true, 300, "{camera_id}:{rule_id}"),
            (rule.Str("severity"), rule["enabled"]!.GetValue<bool>(), rule["cooldown_seconds"]!.GetValue<int>(), rule.Str("dedup_key_template")));
        Assert.Equal(["person"], rule["object_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["friday", "saturday"], rule["schedule"]!["days"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(("22:00", "06:00", "Europe/Berlin"), (rule["schedule"]!.Str("start_time"), rule["schedule"]!.Str("end_time"), rule["schedule"]!.Str("timezone")));

        var patched = await Host.SendAsync(HttpMethod.Patch, $"/api/alerts/rules/{id}", new { severity = "critical" });
        Assert.Equal(("critical", 60, "Zulu night person"), (patched.Str("severity"), patched["risk_threshold"]!.GetValue<int>(), patched.Str("name")));
        var put = await Host.SendAsync(HttpMethod.Put, $"/api/alerts/rules/{id}", new { enabled = false });
        Assert.Equal(("critical", false), (put.Str("severity"), put["enabled"]!.GetValue<bool>()));

        await Host.RuleAsync(new { name = "Alpha car", object_types = new[] { "car" } });
        var list = await Host.GetJsonAsync("/api/alerts/rules");
        Assert.Equal(["Alpha car", "Zulu night person"], list["items"]!.AsArray().Select(r => r!.Str("name")));
        Assert.Equal(2, list["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(["Zulu night person"], (await Host.GetJsonAsync("/api/alerts/rules?enabled=false"))["items"]!.AsArray().Select(r => r!.Str("name")));
        Assert.Equal(["Zulu night person"], (await Host.GetJsonAsync("/api/alerts/rules?severity=critical"))["items"]!.AsArray().Select(r => r!.Str("name")));

        await Host.SendAsync(HttpMethod.Delete, $"/api/alerts/rules/{id}", status: 204);
        await Host.GetJsonAsync($"/api/alerts/rules/{id}", 404);
        await Host.SendAsync(HttpMethod.Delete, $"/api/alerts/rules/{id}", status: 404);
    }

    public static TheoryData<string, string> BadRules => new()
    {
        { """{"name": ""}""", "name" },
        { """{"risk_threshold": 50}""", "name" },
        { """{"name": "r", "schedule": {"start_time": "25:00", "end_time": "06:00"}}""", "schedule.start_time" },
        { """{"name": "r", "schedule": {"days": ["mon", "someday"]}}""", "schedule.days" },
        { """{"name": "r", "schedule": {"timezone": "Not/AZone"}}""", "schedule.timezone" },
        { """{"name": "r", "dedup_key_template": "{camera_id}:{hour}"}""", "dedup_key_template" },
        { """{"name": "r", "webhook_url": "file:///etc/passwd"}""", "webhook_url" },
        { """{"name": "r", "webhook_url": "gopher://example.com/1"}""", "webhook_url" },
        { """{"name": "r", "webhook_url": "http://127.0.0.1/"}""", "webhook_url" },
        { """{"name": "r", "webhook_url": "http://169.254.169.254/latest/meta-data/"}""", "webhook_url" },
        { """{"name": "r", "webhook_url": "http://localhost:8000/"}""", "webhook_url" },
        { """{"name": "r", "webhook_url": "http://[::1]/"}""", "webhook_url" },
        { """{"name": "r", "webhook_url": "http://10.0.0.7/hook"}""", "webhook_url" },
        { """{"name": "r", "channels": ["pager"]}""", "channels[0]" },
        { """{"name": "r", "severity": "urgent"}""", "severity" },
        { """{"name": "r", "min_confidence": 2}""", "min_confidence" },
        { """{"name": "r", "risk_threshold": -1}""", "risk_threshold" },
        { """{"name": "r", "cooldown_seconds": -5}""", "cooldown_seconds" },
        { """{"name": "r", "zone_ids": ["not-a-uuid"]}""", "zone_ids[0]" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task A_bad_rule_is_422_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var error = await Host.SendTextAsync(HttpMethod.Post, "/api/alerts/rules", body, 422);
        Assert.Equal(field, FieldOf(error));
        Assert.Empty((await Host.GetJsonAsync("/api/alerts/rules"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_ten_thousand_entry_object_types_list_is_422_naming_it()
    {
        var error = await Host.SendAsync(HttpMethod.Post, "/api/alerts/rules",
            new { name = "r", object_types = Enumerable.Range(0, 10_000).Select(i => $"type{i}").ToArray() }, 422);
        Assert.Equal("object_types", FieldOf(error));
    }

    [Fact]
    public async Task A_bad_change_is_422_and_leaves_the_rule_as_it_was()
    {
        var id = await Host.RuleAsync(new { name = "r", risk_threshold = 10 });
        Assert.Equal("schedule.end_time",
            FieldOf(await Host.SendAsync(HttpMethod.Patch, $"/api/alerts/rules/{id}", new { schedule = new { start_time = "22:00", end_time = "24:30" } }, 422)));
        Assert.Equal("webhook_url", FieldOf(await Host.SendAsync(HttpMethod.Put, $"/api/alerts/rules/{id}", new { webhook_url = "http://192.168.1.1/" }, 422)));
        var rule = await Host.GetJsonAsync($"/api/alerts/rules/{id}");
        Assert.Null(rule["schedule"]);
        Assert.Null(rule["webhook_url"]);
    }

    [Theory]
    [InlineData("/api/alerts/rules/not-a-uuid")]
    [InlineData("/api/alerts/not-a-uuid")]
    public async Task A_malformed_id_is_422_and_an_unknown_one_404(string url)
    {
        await Host.GetJsonAsync(url, 422);
        await Host.GetJsonAsync(url.Replace("not-a-uuid", Guid.NewGuid().ToString()), 404);
    }

    [Fact]
    public async Task The_rule_test_says_which_recent_events_match_and_why()
    {
        await App.Store.AssessedEventsAsync(
        [
            new AssessedEvent(1, "porch", DateTimeOffset.Parse("2026-11-27T02:00:00Z"), 85),
            new AssessedEvent(2, "porch", DateTimeOffset.Parse("2026-11-27T03:00:00Z"), 30),
            new AssessedEvent(3, "garage", DateTimeOffset.Parse("2026-11-27T04:00:00Z"), 90, "car"),
        ]);
        var id = await Host.RuleAsync(new { name = "Person", risk_threshold = 50, object_types = new[] { "person" } });

        var test = await Host.SendAsync(HttpMethod.Post, $"/api/alerts/rules/{id}/test", new { });
        Assert.Equal((3, 1), (test["events_tested"]!.GetValue<int>(), test["events_matched"]!.GetValue<int>()));
        Assert.Equal(0.3333, test["match_rate"]!.GetValue<double>());
        var results = test["results"]!.AsArray();
        Assert.Equal([3L, 2L, 1L], results.Select(r => r!["event_id"]!.GetValue<long>()));
        var matched = Assert.Single(results, r => r!["matches"]!.GetValue<bool>())!;
        Assert.Equal(1, matched["event_id"]!.GetValue<long>());
        Assert.Contains("risk_score 85 >= 50", matched["matched_conditions"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["person"], matched["object_types"]!.AsArray().Select(c => c!.GetValue<string>()));

        var chosen = await Host.SendAsync(HttpMethod.Post, $"/api/alerts/rules/{id}/test", new { event_ids = new[] { 2 } });
        Assert.Equal(1, chosen["events_tested"]!.GetValue<int>());
        Assert.Contains("risk_score 30 >= 50", chosen["results"]![0]!["failed_conditions"]!.AsArray().Select(c => c!.GetValue<string>()));

        Assert.Equal("limit", FieldOf(await Host.SendAsync(HttpMethod.Post, $"/api/alerts/rules/{id}/test", new { limit = 101 }, 422)));
        await Host.SendAsync(HttpMethod.Post, $"/api/alerts/rules/{Guid.NewGuid()}/test", new { }, 404);
    }

    [Fact]
    public async Task The_rule_test_judges_the_schedule_at_test_time_when_given()
    {
        await App.Store.AssessedEventAsync(1, 80);
        var id = await Host.RuleAsync(new { name = "Nights", schedule = new { start_time = "22:00", end_time = "06:00" } });
        // The event started at 02:00 UTC: inside the night window.
        Assert.True((await Host.SendAsync(HttpMethod.Post, $"/api/alerts/rules/{id}/test", new { }))["results"]![0]!["matches"]!.GetValue<bool>());
        Assert.False((await Host.SendAsync(HttpMethod.Post, $"/api/alerts/rules/{id}/test", new { test_time = "2026-11-27T12:00:00Z" }))["results"]![0]!["matches"]!.GetValue<bool>());
    }
}
