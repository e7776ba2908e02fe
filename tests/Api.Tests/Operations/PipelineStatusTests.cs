using Hsi.Api.Tests.Detections;
using Hsi.Api.Tests.SecurityEvents;

namespace Hsi.Api.Tests.Operations;

[Collection(SlowBatchCollection.Name)]
public class PipelineStatusTests(SlowBatchFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_pipeline_shows_the_watcher_and_an_open_batch_with_its_detections_until_it_closes()
    {
        app.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var open = await Eventually.GetAsync(() => app.Host.GetJsonAsync("/api/system/pipeline"),
            p => (int)p["batch_aggregator"]!["active_batches"]! > 0, what: "an open batch");

        var aggregator = open["batch_aggregator"]!;
        var batch = Assert.Single(aggregator["batches"]!.AsArray())!;
        Assert.Equal("front_door", batch.Str("camera_id"));
        Assert.True((int)batch["detection_count"]! >= 1);
        Assert.InRange((long)batch["started_at"]!, DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.True((double)batch["age_seconds"]! >= (double)batch["last_activity_seconds"]!);
        Assert.Equal(10, (double)aggregator["idle_timeout_seconds"]!);
        Assert.Equal(90, (double)aggregator["batch_window_seconds"]!);

        var watcher = open["file_watcher"]!;
        Assert.True((bool)watcher["running"]!);
        Assert.Equal(app.CameraRoot, watcher.Str("camera_root"));
        Assert.Equal("native", watcher.Str("observer_type"));
        Assert.Equal(0, (int)watcher["pending_tasks"]!);

        var degradation = open["degradation"]!;
        Assert.Equal("normal", degradation.Str("mode"));
        Assert.False((bool)degradation["is_degraded"]!);
        Assert.True((bool)degradation["redis_healthy"]!);
        Assert.Contains(degradation["services"]!.AsArray(), s => s!.Str("name") == "database" && s!.Str("status") == "healthy");
        Assert.Contains("object_detection", degradation["available_features"]!.AsArray().Select(f => f!.GetValue<string>()));

        await Eventually.GetAsync(() => app.Host.GetJsonAsync("/api/system/pipeline"),
            p => (int)p["batch_aggregator"]!["active_batches"]! == 0, what: "the batch closed");
    }
}
