using Alba;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.SecurityEvents;
using Marten;

namespace Hsi.Api.Tests.SystemConfig;

public class SystemConfigTests(AppFixture app) : ApiTest(app)
{
    private Task<IScenarioResult> PatchAsync(object body, int status = 200) =>
        Host.Scenario(s => { s.Patch.Json(body).ToUrl("/api/system/config"); s.StatusCodeShouldBe(status); });

    /// <summary>Back to the fixture's values, so the next test's batches close as it expects.</summary>
    public override async Task DisposeAsync() =>
        await PatchAsync(new { batch_idle_timeout_seconds = 1, detection_confidence_threshold = 0.5, retention_days = 30 });

    [Fact]
    public async Task The_effective_configuration_has_every_contract_field_with_the_environment_values()
    {
        var config = await (await Host.Scenario(s => s.Get.Url("/api/system/config"))).JsonAsync();
        Assert.Equal("Home Security Intelligence", config.Str("app_name"));
        Assert.False(string.IsNullOrEmpty(config.Str("version")));
        Assert.Equal(30, config["retention_days"]!.GetValue<int>());
        Assert.Equal(7, config["log_retention_days"]!.GetValue<int>());
        Assert.Equal(90, config["batch_window_seconds"]!.GetValue<int>());
        Assert.Equal(1, config["batch_idle_timeout_seconds"]!.GetValue<int>());
        Assert.Equal(0.5, config["detection_confidence_threshold"]!.GetValue<double>());
        Assert.Equal(0.9, config["fast_path_confidence_threshold"]!.GetValue<double>());
        Assert.NotNull(config["grafana_url"]);
        Assert.Equal(global::System.Text.Json.JsonValueKind.True, config["debug"]!.GetValueKind()); // the test host runs as Development
    }

    [Theory]
    [InlineData("retention_days", 0)]
    [InlineData("retention_days", 366)]
    [InlineData("log_retention_days", 0)]
    [InlineData("batch_window_seconds", 0)]
    [InlineData("batch_idle_timeout_seconds", -3)]
    [InlineData("detection_confidence_threshold", 1.5)]
    [InlineData("fast_path_confidence_threshold", -0.1)]
    public async Task Out_of_range_values_are_refused_with_422_and_change_nothing(string field, double value)
    {
        // A valid change sent with the bad one is not applied either.
        var body = new Dictionary<string, object> { ["retention_days"] = 10 };
        body[field] = field.EndsWith("threshold") ? value : (int)value;
        var refused = await (await PatchAsync(body, 422)).JsonAsync();
        Assert.Contains(field, refused["detail"]!.ToJsonString());

        var config = await (await Host.Scenario(s => s.Get.Url("/api/system/config"))).JsonAsync();
        Assert.Equal(30, config["retention_days"]!.GetValue<int>());
        var history = await (await Host.Scenario(s => s.Get.Url("/api/system/config/history"))).JsonAsync();
        Assert.Empty(history["items"]!.AsArray());
    }

    [Fact]
    public async Task A_change_is_read_back_and_listed_in_the_history_with_old_and_new_values()
    {
        var patched = await (await PatchAsync(new { retention_days = 14, batch_window_seconds = 120 })).JsonAsync();
        Assert.Equal(14, patched["retention_days"]!.GetValue<int>());
        Assert.Equal(120, patched["batch_window_seconds"]!.GetValue<int>());
        await PatchAsync(new { retention_days = 7 });
        // The same value again is no change: nothing more on record.
        await PatchAsync(new { retention_days = 7 });

        var config = await (await Host.Scenario(s => s.Get.Url("/api/system/config"))).JsonAsync();
        Assert.Equal(7, config["retention_days"]!.GetValue<int>());
        Assert.Equal(120, config["batch_window_seconds"]!.GetValue<int>());

        var items = (await (await Host.Scenario(s => s.Get.Url("/api/system/config/history"))).JsonAsync())["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        var newest = Assert.Single(items[0]!["changes"]!.AsArray())!;
        Assert.Equal("retention_days", newest.Str("setting"));
        Assert.Equal(14, newest["old_value"]!.GetValue<double>());
        Assert.Equal(7, newest["new_value"]!.GetValue<double>());
        var first = items[1]!["changes"]!.AsArray();
        Assert.Contains(first, c => c!.Str("setting") == "retention_days" && c!["old_value"]!.GetValue<double>() == 30);
        Assert.Contains(first, c => c!.Str("setting") == "batch_window_seconds" && c!["old_value"]!.GetValue<double>() == 90);
        Assert.True(items[0]!["version"]!.GetValue<long>() > items[1]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_new_idle_timeout_applies_to_the_next_batch_without_a_restart()
    {
        // The fixture closes batches 1 s after their last detection; 4 s from now on.
        await PatchAsync(new { batch_idle_timeout_seconds = 4 });
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));

        var opened = await Eventually.GetAsync(async () =>
        {
            await using var session = App.Store.QuerySession();
            return await session.Query<SecurityEventView>().ToListAsync();
        }, e => e.Count > 0, what: "an open security event");
        var closed = await Eventually.GetAsync(async () =>
        {
            await using var session = App.Store.QuerySession();
            return await session.LoadAsync<SecurityEventView>(opened[0].Id);
        }, e => e?.Closed == true, what: "the event to close");

        Assert.Equal(CloseReason.Idle, closed!.CloseReason);
        // It cannot have closed before the new timeout (with the old one it would have after 1 s).
        Assert.True(closed.ClosedAt - closed.OpenedAt >= TimeSpan.FromSeconds(4), $"closed after {closed.ClosedAt - closed.OpenedAt}");
    }

    [Fact]
    public async Task A_new_confidence_threshold_applies_to_the_next_file_analysed()
    {
        // dog.jpg holds a dog (0.851), a bicycle (0.801) and a car (0.797): at 0.83 only the dog is recorded.
        await PatchAsync(new { detection_confidence_threshold = 0.83 });
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));

        var detections = await Host.WaitForDetectionsAsync(1);
        await Task.Delay(500);
        detections = await Host.DetectionsAsync();
        var only = Assert.Single(detections)!;
        Assert.Equal("dog", only.Str("object_type"));
    }
}
