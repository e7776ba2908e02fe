using Hsi.Api.Tests.Cameras;

namespace Hsi.Api.Tests.Alerts;

public class NotificationPreferenceEndpointsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task The_preferences_start_at_the_seeds_defaults_and_change_only_the_fields_sent_with_or_without_a_trailing_slash()
    {
        var defaults = await Host.GetJsonAsync("/api/notification-preferences");
        Assert.Equal((true, "default"), (defaults["enabled"]!.GetValue<bool>(), defaults.Str("sound")));
        Assert.Equal(["critical", "high", "medium"], defaults["risk_filters"]!.AsArray().Select(l => l!.GetValue<string>()));

        var changed = await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences/", new { sound = "chime", risk_filters = new[] { "low", "critical" } });
        Assert.Equal((true, "chime"), (changed["enabled"]!.GetValue<bool>(), changed.Str("sound")));
        Assert.Equal(["critical", "low"], changed["risk_filters"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal("chime", (await Host.GetJsonAsync("/api/notification-preferences/")).Str("sound"));
    }

    [Theory]
    [InlineData("""{"sound": "siren"}""", "sound")]
    [InlineData("""{"risk_filters": ["severe"]}""", "risk_filters[0]")]
    [InlineData("""{"enabled": "yes"}""", "enabled")]
    public async Task A_bad_preference_is_422_naming_it(string body, string field)
    {
        var error = await Host.SendTextAsync(HttpMethod.Put, "/api/notification-preferences", body, 422);
        Assert.Equal(field, error["detail"]![0]!["loc"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cameras_setting_is_upserted_listed_and_404_for_an_unknown_camera()
    {
        await Host.RegisteredCameraAsync("Porch", "porch");
        var initial = await Host.GetJsonAsync("/api/notification-preferences/cameras/porch");
        Assert.Equal((true, 0), (initial["enabled"]!.GetValue<bool>(), initial["risk_threshold"]!.GetValue<int>()));

        var set = await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences/cameras/porch", new { risk_threshold = 40 });
        var id = set["id"]!.GetValue<Guid>();
        var disabled = await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences/cameras/porch", new { enabled = false });
        Assert.Equal((id, false, 40), (disabled["id"]!.GetValue<Guid>(), disabled["enabled"]!.GetValue<bool>(), disabled["risk_threshold"]!.GetValue<int>()));
        var list = await Host.GetJsonAsync("/api/notification-preferences/cameras");
        Assert.Equal(["porch"], list["items"]!.AsArray().Select(c => c!.Str("camera_id")));
        Assert.Equal(1, list["pagination"]!["total"]!.GetValue<int>());

        await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences/cameras/nowhere", new { enabled = false }, 404);
        await Host.GetJsonAsync("/api/notification-preferences/cameras/nowhere", 404);
        var error = await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences/cameras/porch", new { risk_threshold = 101 }, 422);
        Assert.Equal("risk_threshold", error["detail"]![0]!["loc"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task Quiet_hours_are_added_across_midnight_listed_and_removed()
    {
        var added = await Host.SendAsync(HttpMethod.Post, "/api/notification-preferences/quiet-hours",
            new { label = "Nights", start_time = "22:00", end_time = "07:00:00", days = new[] { "Fri", "saturday" } }, 201);
        Assert.Equal(("22:00:00", "07:00:00"), (added.Str("start_time"), added.Str("end_time")));
        Assert.Equal(["friday", "saturday"], added["days"]!.AsArray().Select(d => d!.GetValue<string>()));
        var every = await Host.SendAsync(HttpMethod.Post, "/api/notification-preferences/quiet-hours", new { label = "Lunch", start_time = "12:00", end_time = "13:00" }, 201);
        Assert.Equal(7, every["days"]!.AsArray().Count);

        Assert.Equal(["Nights", "Lunch"], (await Host.GetJsonAsync("/api/notification-preferences/quiet-hours"))["items"]!.AsArray().Select(q => q!.Str("label")));
        await Host.SendAsync(HttpMethod.Delete, $"/api/notification-preferences/quiet-hours/{added["id"]}", status: 204);
        await Host.SendAsync(HttpMethod.Delete, $"/api/notification-preferences/quiet-hours/{added["id"]}", status: 404);
        Assert.Equal(["Lunch"], (await Host.GetJsonAsync("/api/notification-preferences/quiet-hours"))["items"]!.AsArray().Select(q => q!.Str("label")));
    }

    [Theory]
    [InlineData("""{"label": "q", "start_time": "22:00", "end_time": "22:00"}""", "end_time")]
    [InlineData("""{"label": "q", "start_time": "25:00", "end_time": "06:00"}""", "start_time")]
    [InlineData("""{"label": "q", "start_time": "22:00", "end_time": "06:00", "days": ["mon", "someday"]}""", "days")]
    [InlineData("""{"label": "", "start_time": "22:00", "end_time": "06:00"}""", "label")]
    [InlineData("""{"start_time": "22:00", "end_time": "06:00"}""", "label")]
    public async Task A_bad_quiet_period_is_422_naming_the_field(string body, string field)
    {
        var error = await Host.SendTextAsync(HttpMethod.Post, "/api/notification-preferences/quiet-hours", body, 422);
        Assert.Equal(field, error["detail"]![0]!["loc"]![1]!.GetValue<string>());
        Assert.Empty((await Host.GetJsonAsync("/api/notification-preferences/quiet-hours"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_disabled_camera_keeps_its_alerts_undelivered()
    {
        await Host.RegisteredCameraAsync("Porch", "porch");
        await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences/cameras/porch", new { enabled = false });
        await Host.RuleAsync(new { name = "Any", channels = new[] { "mqtt" } });
        await App.Store.AssessedNowAsync(1, 70);
        var alert = (await Host.WaitForAlertsAsync(1))[0]!;
        Assert.Equal("camera_disabled", alert.Str("suppressed_by"));
        Assert.Empty(alert["channels"]!.AsArray());
    }
}
