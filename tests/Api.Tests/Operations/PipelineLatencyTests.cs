using Hsi.Api.Configuration;
using Hsi.Api.Tests.Detections;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Hsi.Api.Tests.Operations;

public class PipelineLatencyTests(AppFixture app) : ApiTest(app)
{
    private static readonly string[] Stages = ["watch_to_detect", "detect_to_batch", "batch_to_analyze", "total_pipeline"];

    /// <summary>Samples other tests left would make any assertion pass: this test starts from none.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var prefix = Host.Services.GetRequiredService<HsiSettings>().RedisPrefix;
        var db = Host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        foreach (var stage in Stages) await db.KeyDeleteAsync($"{prefix}:latency:{stage}");
    }

    [Fact]
    public async Task A_picture_through_the_pipeline_leaves_a_timing_for_every_stage()
    {
        var empty = await Host.GetJsonAsync("/api/system/pipeline-latency?window_minutes=60");
        Assert.All(Stages, s => Assert.Null(empty[s]));

        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        await Host.WaitForDetectionsAsync(1);
        var latency = await Eventually.GetAsync(() => Host.GetJsonAsync("/api/system/pipeline-latency?window_minutes=60"),
            l => Stages.All(s => l[s] is not null), what: "a sample of every stage");

        foreach (var stage in Stages)
        {
            var s = latency[stage]!;
            Assert.Equal(1, (int)s["sample_count"]!);
            Assert.True((double)s["min_ms"]! <= (double)s["p50_ms"]! && (double)s["p50_ms"]! <= (double)s["p99_ms"]! && (double)s["p99_ms"]! <= (double)s["max_ms"]!);
            Assert.InRange((double)s["avg_ms"]!, 0, 120_000);
        }
        // The batch closes a second after its last detection (the test host's idle timeout): the whole takes longer
        // than that and than any one of its stretches.
        var total = (double)latency["total_pipeline"]!["avg_ms"]!;
        Assert.True(total >= 1000, $"total {total} ms");
        Assert.True(total >= (double)latency["watch_to_detect"]!["avg_ms"]! && total >= (double)latency["batch_to_analyze"]!["avg_ms"]!);
        Assert.True((double)latency["watch_to_detect"]!["avg_ms"]! > 0);
        Assert.Equal(60, (int)latency["window_minutes"]!);

        var history = await Host.GetJsonAsync("/api/system/pipeline-latency/history?since=60&bucket_seconds=3600");
        var snapshot = Assert.Single(history["snapshots"]!.AsArray());
        Assert.Equal(1, (int)snapshot!["stages"]!["total_pipeline"]!["sample_count"]!);
        Assert.Equal(3600, (int)history["bucket_seconds"]!);

        var metrics = await (await Host.Scenario(s => s.Get.Url("/metrics"))).ReadAsTextAsync();
        Assert.Contains("hsi_pipeline_latency_seconds_bucket{stage=\"total_pipeline\"", metrics);
    }

    [Theory]
    [InlineData("/api/system/pipeline-latency?window_minutes=0")]
    [InlineData("/api/system/pipeline-latency?window_minutes=1441")]
    [InlineData("/api/system/pipeline-latency/history?since=0")]
    [InlineData("/api/system/pipeline-latency/history?bucket_seconds=9")]
    [InlineData("/api/system/pipeline-latency/history?bucket_seconds=3601")]
    public async Task Windows_and_buckets_out_of_range_are_refused(string url) =>
        await Host.GetJsonAsync(url, 422);
}
