using System.Text.Json.Nodes;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.Detections;
using Hsi.Api.Tests.Properties;
using static Hsi.Api.Tests.Baselines.BaselineScenarios;

namespace Hsi.Api.Tests.Baselines;

public class BaselineTests(AppFixture app) : ApiTest(app)
{
    private static int DayOfWeek(DateTimeOffset t) => ((int)t.DayOfWeek + 6) % 7;

    private static JsonNode Cell(JsonNode activity, DateTimeOffset local) =>
        activity["entries"]!.AsArray().Single(e => e!["hour"]!.GetValue<int>() == local.Hour && e["day_of_week"]!.GetValue<int>() == DayOfWeek(local))!;

    [Fact]
    public async Task A_generated_fortnight_gives_each_hour_of_the_week_the_mean_and_deviation_of_its_counts_in_the_cameras_time_zone()
    {
        await App.Store.RegisteredCameraAsync("yard", "Yard", "UTC");
        await App.Store.RegisteredCameraAsync("dock", "Dock", "Asia/Tokyo");
        // Exactly two weeks of hours before this one: every hour-of-week cell holds two samples.
        var start = ThisHour.AddDays(-14);
        var busy = start.AddHours(3);
        foreach (var camera in new[] { "yard", "dock" })
        {
            await App.Store.AnalyzedFileAsync(camera, start, "cat", 1);           // week 1: 1, week 2: 0 → mean 0.5, σ 0.5
            await App.Store.AnalyzedFileAsync(camera, busy, "person", 2);         // week 1: 2, week 2: 6 → mean 4, σ 2
            await App.Store.AnalyzedFileAsync(camera, busy.AddDays(7), "person", 6);
        }
        var redone = await App.Store.AnalyzedFileAsync("yard", busy.AddMinutes(10), "car", 5);
        // A re-detection replaces the file's detections: the 5 cars become none, so the cell stays 2 and 6.
        await App.Store.ReanalyzedFileAsync(redone, "yard", busy.AddMinutes(10), "car", 0);

        var yard = await Host.GetJsonAsync("/api/cameras/yard/baseline/activity");
        Assert.Equal(168, yard["entries"]!.AsArray().Count);
        Assert.Equal(336, yard["total_samples"]!.GetValue<int>());
        Assert.All(yard["entries"]!.AsArray(), e => Assert.Equal(2, e!["sample_count"]!.GetValue<int>()));
        Assert.Equal((4.0, 2.0), (Cell(yard, busy)["avg_count"]!.GetValue<double>(), Cell(yard, busy)["std_dev"]!.GetValue<double>()));
        Assert.Equal((0.5, 0.5), (Cell(yard, start)["avg_count"]!.GetValue<double>(), Cell(yard, start)["std_dev"]!.GetValue<double>()));
        Assert.Equal((0.0, 0.0), (Cell(yard, start.AddHours(1))["avg_count"]!.GetValue<double>(), Cell(yard, start.AddHours(1))["std_dev"]!.GetValue<double>()));
        Assert.True(Cell(yard, busy)["is_peak"]!.GetValue<bool>());
        Assert.Equal((busy.Hour, DayOfWeek(busy)), (yard["peak_hour"]!.GetValue<int>(), yard["peak_day"]!.GetValue<int>()));
        Assert.False(yard["learning_complete"]!.GetValue<bool>());
        Assert.Equal(10, yard["min_samples_required"]!.GetValue<int>());

        // The same history in Tokyo's time: the busy hour is 9 hours later on the clock.
        var dock = await Host.GetJsonAsync("/api/cameras/dock/baseline/activity");
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        Assert.Equal(4.0, Cell(dock, TimeZoneInfo.ConvertTime(busy, tokyo))["avg_count"]!.GetValue<double>());

        var summary = await Host.GetJsonAsync("/api/cameras/yard/baseline");
        Assert.Equal(336, summary["data_points"]!.GetValue<int>());
        // 14 hours at the busy hour of day: (2 + 6) / 14.
        var hourly = summary["hourly_patterns"]![busy.Hour.ToString()]!;
        Assert.Equal((Math.Round(8 / 14.0, 4), 14), (hourly["avg_detections"]!.GetValue<double>(), hourly["sample_count"]!.GetValue<int>()));
        var person = summary["object_baselines"]!["person"]!;
        Assert.Equal((8, busy.Hour), (person["total_detections"]!.GetValue<int>(), person["peak_hour"]!.GetValue<int>()));
        Assert.Null(summary["object_baselines"]!["car"]);
        Assert.Equal(busy.Hour, summary["daily_patterns"]![busy.DayOfWeek.ToString().ToLowerInvariant()]!["peak_hour"]!.GetValue<int>());

        var classes = await Host.GetJsonAsync("/api/cameras/yard/baseline/classes");
        var personAtBusy = classes["entries"]!.AsArray().Single(e => e!.Str("object_class") == "person")!;
        Assert.Equal((busy.Hour, 14, 2), (personAtBusy["hour"]!.GetValue<int>(), personAtBusy["sample_count"]!.GetValue<int>(), personAtBusy["hours_seen"]!.GetValue<int>()));
        Assert.Equal(("person", 2), (classes.Str("most_common_class"), classes["unique_classes"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_camera_placed_at_a_property_counts_its_hours_in_the_propertys_time_zone_past_hours_included()
    {
        await Host.RegisteredCameraAsync();
        var busy = ThisHour.AddDays(-3).AddHours(2);
        await App.Store.AnalyzedFileAsync("porch", busy, "person", 4);
        Assert.Equal(busy.Hour, (await Host.GetJsonAsync("/api/cameras/porch/baseline/activity"))["peak_hour"]!.GetValue<int>());

        var cabin = await Host.PropertyAsync((await Host.HouseholdAsync()).Id, "Cabin", "Asia/Tokyo");
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { property_id = cabin.Id });
        var tokyo = TimeZoneInfo.ConvertTime(busy, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var moved = await Host.GetJsonAsync("/api/cameras/porch/baseline/activity");
        Assert.Equal((tokyo.Hour, DayOfWeek(tokyo)), (moved["peak_hour"]!.GetValue<int>(), moved["peak_day"]!.GetValue<int>()));
        Assert.Equal("Asia/Tokyo", (await Host.GetJsonAsync("/api/cameras/porch/baseline")).Str("timezone"));
    }

    [Fact]
    public async Task A_busy_hour_and_a_person_where_none_was_ever_seen_are_anomalies_once_min_samples_hours_exist()
    {
        await App.Store.RegisteredCameraAsync("yard", "Yard", "UTC");
        var spike = ThisHour.AddHours(-5);
        var night = ThisHour.AddHours(-12);
        // Fourteen days of 1 or 3 people at the spike's hour of day; never anything at the night hour.
        for (var day = 1; day <= 14; day++) await App.Store.AnalyzedFileAsync("yard", spike.AddDays(-day), "person", day % 2 == 0 ? 1 : 3);
        await App.Store.AnalyzedFileAsync("yard", spike, "person", 20);
        await App.Store.AnalyzedFileAsync("yard", night, "person", 1);

        await Host.SendAsync(HttpMethod.Patch, "/api/system/anomaly-config", new { min_samples = 20 });
        var unlearnt = await Host.GetJsonAsync("/api/cameras/yard/baseline/anomalies");
        Assert.Equal((0, 7), (unlearnt["count"]!.GetValue<int>(), unlearnt["period_days"]!.GetValue<int>()));

        await Host.SendAsync(HttpMethod.Patch, "/api/system/anomaly-config", new { min_samples = 10 });
        var found = await Host.GetJsonAsync("/api/cameras/yard/baseline/anomalies?days=1");
        var anomalies = found["anomalies"]!.AsArray();
        Assert.Equal(("yard", anomalies.Count), (found.Str("camera_id"), found["count"]!.GetValue<int>()));

        // The spike against the 14 other hours of its hour of day (7 of 1, 7 of 3 → mean 2, σ 1): z = 18.
        var busy = anomalies.Single(a => a!["timestamp"]!.GetValue<DateTimeOffset>() == spike && a["detection_class"] is null)!;
        Assert.Equal((20, 2.0, 18.0, 14), (busy["observed_frequency"]!.GetValue<int>(), busy["expected_frequency"]!.GetValue<double>(),
            busy["z_score"]!.GetValue<double>(), busy["sample_count"]!.GetValue<int>()));
        Assert.InRange(busy["anomaly_score"]!.GetValue<double>(), 0.5, 1);
        // A person at the spike's hour is usual there: no class anomaly.
        Assert.DoesNotContain(anomalies, a => a!["timestamp"]!.GetValue<DateTimeOffset>() == spike && a["detection_class"] is not null);

        var stranger = anomalies.Single(a => a!["timestamp"]!.GetValue<DateTimeOffset>() == night && a["detection_class"]?.GetValue<string>() == "person")!;
        Assert.Equal(1.0, stranger["anomaly_score"]!.GetValue<double>());
        Assert.Null(stranger["z_score"]);
        Assert.Contains($"person at {night.Hour:00}:00, where none was seen", stranger.Str("reason"));
    }

    [Fact]
    public async Task A_person_at_an_hour_the_camera_never_saw_one_adds_the_unusual_for_hour_risk_factor()
    {
        await Host.RegisteredCameraAsync("Front door", "front_door");
        // A cat a fortnight ago: since then every hour of day has 14 empty hours, and no person.
        await App.Store.AnalyzedFileAsync("front_door", ThisHour.AddDays(-14).AddHours(1), "cat", 1);
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var items = await Eventually.GetAsync(
            async () => (await Host.GetJsonAsync("/api/events?limit=10"))["items"]!.AsArray(),
            e => e.Count == 1 && e[0]!["risk_score"] is not null, what: "an assessed event");
        var factors = (await Host.GetJsonAsync($"/api/events/{items[0]!["id"]}"))["risk_factors"]!.AsArray();
        var unusual = factors.Single(f => f!.Str("factor") == "unusual_for_hour")!;
        Assert.Equal(15, unusual["points"]!.GetValue<int>());
        Assert.Contains("where none was seen", unusual.Str("description"));
    }

    [Fact]
    public async Task The_anomaly_config_starts_at_the_defaults_changes_only_the_fields_sent_and_keeps_its_history()
    {
        var defaults = await Host.GetJsonAsync("/api/system/anomaly-config");
        Assert.Equal((2.0, 10, 30), (defaults["threshold_stdev"]!.GetValue<double>(), defaults["min_samples"]!.GetValue<int>(), defaults["window_days"]!.GetValue<int>()));

        var changed = await Host.SendAsync(HttpMethod.Patch, "/api/system/anomaly-config", new { threshold_stdev = 3.5 });
        Assert.Equal((3.5, 10, 30), (changed["threshold_stdev"]!.GetValue<double>(), changed["min_samples"]!.GetValue<int>(), changed["window_days"]!.GetValue<int>()));
        await Host.SendAsync(HttpMethod.Patch, "/api/system/anomaly-config", new { window_days = 60 });
        var now = await Host.GetJsonAsync("/api/system/anomaly-config");
        Assert.Equal((3.5, 10, 60, 2L), (now["threshold_stdev"]!.GetValue<double>(), now["min_samples"]!.GetValue<int>(), now["window_days"]!.GetValue<int>(), now["version"]!.GetValue<long>()));

        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { threshold_stdev = 0 }, "threshold_stdev"), (new { threshold_stdev = 10.5 }, "threshold_stdev"),
                     (new { min_samples = 0 }, "min_samples"), (new { min_samples = 10001 }, "min_samples"),
                     (new { window_days = 0 }, "window_days"), (new { window_days = 366 }, "window_days"),
                 })
        {
            var refused = await Host.SendAsync(HttpMethod.Patch, "/api/system/anomaly-config", body, 422);
            Assert.Contains(field, refused.ToJsonString());
        }
        await Host.SendTextAsync(HttpMethod.Patch, "/api/system/anomaly-config", """{"threshold_stdev":"NaN"}""", 422);

        var history = (await Host.GetJsonAsync("/api/system/anomaly-config/history"))["items"]!.AsArray();
        Assert.Equal(["window_days", "threshold_stdev"], history.Select(h => h!["changed"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_camera_is_404_and_days_out_of_range_is_422_naming_it()
    {
        await Host.GetJsonAsync("/api/cameras/nowhere/baseline", 404);
        await Host.GetJsonAsync("/api/cameras/nowhere/baseline/activity", 404);
        await Host.GetJsonAsync("/api/cameras/nowhere/baseline/classes", 404);
        await Host.GetJsonAsync("/api/cameras/nowhere/baseline/anomalies", 404);
        await App.Store.RegisteredCameraAsync("yard", "Yard", null);
        foreach (var days in new[] { "0", "91", "abc" })
            Assert.Contains("days", (await Host.GetJsonAsync($"/api/cameras/yard/baseline/anomalies?days={days}", 422)).ToJsonString());
        var empty = await Host.GetJsonAsync("/api/cameras/yard/baseline");
        Assert.Equal(0, empty["data_points"]!.GetValue<int>());
        Assert.Null(empty["current_deviation"]);
        Assert.Null(empty["baseline_established"]);
    }
}
