using Alba;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Operations;

public class MetricsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Promtool_accepts_the_live_metrics_which_carry_the_pipeline_queue_and_request_families()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        await Host.WaitForDetectionsAsync(1);
        await Host.Scenario(s => s.Get.Url("/api/cameras"));

        foreach (var url in new[] { "/metrics", "/api/metrics" })
        {
            var text = await (await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(200); })).ReadAsTextAsync();
            var (exit, output) = await ExternalTool.RunAsync("promtool", "check metrics", text);
            Assert.True(exit == 0, $"promtool check metrics failed on {url}:\n{output}");

            Assert.DoesNotContain("private_internaldiagnostics", text);
            foreach (var family in new[]
            {
                "hsi_detections_processed_total", "hsi_detections_by_class_total{object_class=\"person\"}", "hsi_stage_duration_seconds_bucket",
                "hsi_queue_depth{queue=\"analysis\",status=\"incoming\"}", "hsi_dlq_jobs{queue=\"dlq:detection_queue\"}",
                "hsi_dlq_jobs{queue=\"dlq:analysis_queue\"}", "hsi_inference_fps", "hsi_gpu_available 0", "http_request_duration_seconds_bucket",
                "hsi_storage_limit_bytes 0", "hsi_storage_free_bytes", "hsi_storage_used_bytes",
            })
                Assert.Contains(family, text);
        }
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules_and_the_scrape_config()
    {
        var ops = Path.Combine(FixturePaths.RepositoryRoot, "ops", "prometheus");
        var rules = Directory.GetFiles(Path.Combine(ops, "rules"), "*.yml");
        Assert.NotEmpty(rules);
        var (exit, output) = await ExternalTool.RunAsync("promtool", $"check rules {string.Join(' ', rules)}");
        Assert.True(exit == 0, output);
        foreach (var alert in new[] { "HsiApiDown", "HsiWorkerDown", "HsiDeadLetterQueueGrowing", "HsiPipelineErrors", "HsiDetectorOnCpu", "HsiQueueBacklog", "HsiProjectionLag" })
            Assert.Contains($"alert: {alert}", string.Concat(rules.Select(File.ReadAllText)));

        (exit, output) = await ExternalTool.RunAsync("promtool", $"check config {Path.Combine(ops, "prometheus.yml")}");
        Assert.True(exit == 0, output);
    }
}
