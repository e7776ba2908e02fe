using Hsi.Inference.Detection;
using Hsi.Inference.Enrichment;
using SkiaSharp;

namespace Hsi.Inference.Tests.Enrichment;

/// <summary>What the enricher does with missing models, hostile boxes, concurrent callers, and the settings.</summary>
[Collection(EnrichmentModelsCollection.Name)]
public class EnricherBehaviourTests(EnrichmentModelsFixture models)
{
    [Fact]
    public void A_missing_model_file_leaves_its_group_null_and_unavailable_while_the_others_fill()
    {
        var options = EnrichmentOptions.Default(EnrichmentFixturePaths.Models, DetectorDevice.Cpu)
            .With("yunet", new EnrichmentModelSetting(true, "/nowhere/yunet_s_dynamic.onnx"));
        using var registry = new EnrichmentModelRegistry(options);
        var enricher = new OnnxDetectionEnricher(registry);
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "person.jpg"));

        var person = Assert.Single(enricher.Enrich(picture, [models.Target(picture, "person")]));

        Assert.Null(person.Face);
        Assert.Equal(["face"], person.Unavailable);
        Assert.Empty(person.Errors);
        Assert.NotNull(person.Embedding);
        Assert.NotNull(person.ImageQuality);
        var yunet = Assert.Single(enricher.Models, m => m.Name == "yunet");
        Assert.Equal("unavailable", yunet.Status);
        Assert.Contains("/nowhere/yunet_s_dynamic.onnx", yunet.Reason);
        Assert.Null(yunet.Provider);
        Assert.Equal("loaded", Assert.Single(enricher.Models, m => m.Name == "osnet").Status);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_an_error_status_not_a_crash()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(broken, "not an onnx model");
        try
        {
            var options = EnrichmentOptions.Default(EnrichmentFixturePaths.Models, DetectorDevice.Cpu).With("osnet", new EnrichmentModelSetting(true, broken));
            using var registry = new EnrichmentModelRegistry(options);
            var status = Assert.Single(registry.Statuses, m => m.Name == "osnet");
            Assert.Equal("error", status.Status);
            Assert.Contains("does not load", status.Reason);

            using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "person.jpg"));
            var person = Assert.Single(new OnnxDetectionEnricher(registry).Enrich(picture, [models.Target(picture, "person")]));
            Assert.Null(person.Embedding);
            Assert.Contains("embedding", person.Unavailable);
            Assert.NotNull(person.Face);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void A_switched_off_model_says_so_and_the_stage_can_be_switched_off()
    {
        var settings = new Dictionary<string, string?> { ["ENRICHMENT_MODEL_DIR"] = EnrichmentFixturePaths.Models, ["ENRICHMENT_LPD_YUNET_ENABLED"] = "false" };
        using var registry = new EnrichmentModelRegistry(EnrichmentOptions.Read(k => settings.GetValueOrDefault(k), "/", DetectorDevice.Cpu));
        var lpd = Assert.Single(registry.Statuses, m => m.Name == "lpd_yunet");
        Assert.Equal(("unavailable", false), (lpd.Status, lpd.Enabled));
        Assert.Contains("ENRICHMENT_LPD_YUNET_ENABLED=false", lpd.Reason);
        using var picture = EnrichmentModelsFixture.Load(EnrichmentFixturePaths.Picture("plates/plate_2.jpg"));
        var car = Assert.Single(new OnnxDetectionEnricher(registry).Enrich(picture, [EnrichmentModelsFixture.Whole(picture, "car")]));
        Assert.Null(car.LicensePlate);
        Assert.Equal(["license_plate"], car.Unavailable);
        Assert.NotNull(car.Vehicle);

        settings["ENRICHMENT_ENABLED"] = "false";
        using var off = new EnrichmentModelRegistry(EnrichmentOptions.Read(k => settings.GetValueOrDefault(k), "/", DetectorDevice.Cpu));
        Assert.Empty(new OnnxDetectionEnricher(off).Enrich(picture, [EnrichmentModelsFixture.Whole(picture, "car")]));
        Assert.All(off.Statuses, m => Assert.Equal("unavailable", m.Status));
    }

    [Fact]
    public void The_groups_without_a_model_here_are_listed_unavailable()
    {
        foreach (var group in new[] { "clothing", "violence", "weather", "pose", "depth" })
        {
            var status = Assert.Single(models.Enricher.Models, m => m.Group == group);
            Assert.Equal("unavailable", status.Status);
            Assert.Equal("no model available here", status.Reason);
        }
        Assert.All(models.Enricher.Models.Where(m => m.Path is not null),
            m => Assert.Equal(("loaded", "CPUExecutionProvider"), (m.Status, m.Provider)));
    }

    [Theory]
    [InlineData(10, 10, 0, 50, "no area")]
    [InlineData(10, 10, 50, 0, "no area")]
    [InlineData(100, 10, 1, 1000, "too thin")]
    [InlineData(2000, 2000, 50, 50, "outside")]
    [InlineData(-500, 10, 100, 100, "outside")]
    [InlineData(765, 10, 100, 100, "too thin")]
    public void A_degenerate_box_is_a_recorded_error_of_its_detection(int x, int y, int width, int height, string reason)
    {
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var results = models.Enricher.Enrich(picture, [new EnrichmentTarget(7, "car", x, y, width, height), models.Target(picture, "dog", 8)]);

        var bad = results[0];
        Assert.Equal(7, bad.DetectionId);
        var error = Assert.Single(bad.Errors);
        Assert.Equal("crop", error.Group);
        Assert.Contains(reason, error.Error);
        Assert.Null(bad.Vehicle);
        Assert.Null(bad.ImageQuality);
        Assert.NotNull(results[1].Pet);
    }

    [Fact]
    public void A_box_at_the_edge_or_past_it_is_clamped_and_a_tiny_one_padded()
    {
        using var picture = EnrichmentModelsFixture.Load(EnrichmentFixturePaths.Picture("plates/plate_2.jpg"));
        var results = models.Enricher.Enrich(picture, [
            new EnrichmentTarget(1, "car", 300, 250, 1000, 1000),
            new EnrichmentTarget(2, "car", picture.Width - 5, picture.Height - 5, 5, 5),
            new EnrichmentTarget(3, "person", 0, 0, 6, 6),
        ]);

        Assert.All(results, r => Assert.Empty(r.Errors));
        Assert.True(results[0].LicensePlate!.Detected);
        Assert.All(results[0].LicensePlate!.Bbox!, v => Assert.InRange(v, 250, picture.Width));
        Assert.NotNull(results[1].ImageQuality);
        Assert.NotNull(results[1].Vehicle);
        Assert.Null(results[1].LicensePlate);
        Assert.Empty(results[1].Unavailable);
        Assert.False(results[2].Face!.Detected);
        Assert.Equal(new SKRectI(picture.Width - 16, picture.Height - 16, picture.Width, picture.Height),
            OnnxDetectionEnricher.CropRect(new EnrichmentTarget(2, "car", picture.Width - 5, picture.Height - 5, 5, 5), picture.Width, picture.Height, out _));
    }

    [Fact]
    public void Concurrent_callers_get_the_same_results_as_one_and_the_timings_count_every_run()
    {
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "dog.jpg"));
        EnrichmentTarget[] targets = [models.Target(picture, "car", 1), models.Target(picture, "dog", 2), models.Target(picture, "bicycle", 3)];
        var alone = models.Enricher.Enrich(picture, targets);
        var before = models.Enricher.Models.Single(m => m.Name == "mobilenetv2").InferenceCount;

        var together = new IReadOnlyList<Hsi.Domain.Enrichment.DetectionEnrichment>[6];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i => together[i] = models.Enricher.Enrich(picture, targets));

        foreach (var run in together)
        {
            Assert.Equal(alone[0].Vehicle!.Type, run[0].Vehicle!.Type);
            Assert.Equal(alone[1].Pet!.Breed, run[1].Pet!.Breed);
            Assert.Equal(alone[1].Pet!.Confidence, run[1].Pet!.Confidence);
            Assert.Equal(alone[2].ImageQuality!.Score, run[2].ImageQuality!.Score);
        }
        var classifier = models.Enricher.Models.Single(m => m.Name == "mobilenetv2");
        Assert.True(classifier.InferenceCount >= before + 2 * together.Length);
        Assert.NotNull(classifier.P50Ms);
        Assert.True(classifier.P95Ms >= classifier.P50Ms);
    }

    [Fact]
    public void The_settings_have_documented_defaults_and_refuse_a_bad_flag()
    {
        var defaults = EnrichmentOptions.Read(_ => null, "/srv/hsi", DetectorDevice.Auto);
        Assert.True(defaults.Enabled);
        Assert.Equal("/srv/hsi/models/enrichment", defaults.ModelDirectory);
        Assert.Equal("/srv/hsi/models/enrichment/osnet_x0_25_msmt17.onnx", defaults.Models["osnet"].Path);

        var moved = EnrichmentOptions.Read(k => k == "ENRICHMENT_OSNET_PATH" ? "/opt/reid.onnx" : null, "/srv/hsi", DetectorDevice.Auto);
        Assert.Equal("/opt/reid.onnx", moved.Models["osnet"].Path);

        var ex = Assert.Throws<ArgumentException>(() => EnrichmentOptions.Read(k => k == "ENRICHMENT_ENABLED" ? "maybe" : null, "/", DetectorDevice.Auto));
        Assert.Contains("ENRICHMENT_ENABLED", ex.Message);
    }

    [Fact]
    public void Timings_keep_a_bounded_window_of_recent_runs()
    {
        var timings = new InferenceTimings();
        Assert.Equal((null, null), timings.Percentiles());
        for (var i = 1; i <= 100; i++) timings.Record(i);
        Assert.Equal((50.0, 95.0), timings.Percentiles());
        for (var i = 0; i < InferenceTimings.Capacity; i++) timings.Record(1000);
        Assert.Equal((1000.0, 1000.0), timings.Percentiles());
        Assert.Equal(100 + InferenceTimings.Capacity, timings.Count);
    }
}
