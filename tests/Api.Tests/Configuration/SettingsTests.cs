using Hsi.Api.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hsi.Api.Tests.Configuration;

public class SettingsTests
{
    private static HsiSettings From(params (string Key, string Value)[] values) =>
        HsiSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Relative_paths_resolve_against_HSI_HOME()
    {
        var settings = From(("HSI_HOME", "/srv/hsi"), ("CAMERA_ROOT", "./cams"), ("DETECTOR_MODEL_PATH", "m/model.onnx"));
        Assert.Equal("/srv/hsi/cams", settings.CameraRoot);
        Assert.Equal("/srv/hsi/data", settings.DataDir);
        Assert.Equal("/srv/hsi/m/model.onnx", settings.DetectorModelPath);
    }

    [Fact]
    public void Without_HSI_HOME_relative_paths_resolve_against_the_checkout_whatever_the_working_directory()
    {
        var settings = From();
        Assert.Equal(Path.Combine(FixturePaths.RepositoryRoot, "data", "cameras"), settings.CameraRoot);
        Assert.Equal(Path.Combine(FixturePaths.RepositoryRoot, "models", "yolox_nano.onnx"), settings.DetectorModelPath);
    }

    [Fact]
    public void Absolute_paths_stay_as_given() =>
        Assert.Equal("/var/cams", From(("HSI_HOME", "/srv/hsi"), ("CAMERA_ROOT", "/var/cams")).CameraRoot);

    [Fact]
    public void Storage_has_no_cap_a_5_percent_floor_and_a_minute_between_checks_unless_set_within_bounds()
    {
        var defaults = From();
        Assert.Equal((null, null, 5.0, 60.0), (defaults.StorageMaxGb, defaults.StorageLimitBytes, defaults.StorageMinFreePercent, defaults.StorageCheckIntervalSeconds));
        var set = From(("STORAGE_MAX_GB", "0.5"), ("STORAGE_MIN_FREE_PERCENT", "0"), ("STORAGE_CHECK_INTERVAL_SECONDS", "5"));
        Assert.Equal((500_000_000L, 0.0, 5.0), (set.StorageLimitBytes!.Value, set.StorageMinFreePercent, set.StorageCheckIntervalSeconds));
        foreach (var (key, bad) in new[]
        {
            ("STORAGE_MAX_GB", "0"), ("STORAGE_MAX_GB", "-1"), ("STORAGE_MAX_GB", "Infinity"), ("STORAGE_MAX_GB", "NaN"), ("STORAGE_MAX_GB", "lots"),
            ("STORAGE_MIN_FREE_PERCENT", "100"), ("STORAGE_MIN_FREE_PERCENT", "-1"), ("STORAGE_CHECK_INTERVAL_SECONDS", "0"),
            ("STORAGE_CHECK_INTERVAL_SECONDS", "Infinity"),
        })
            Assert.Contains(key, Assert.Throws<InvalidOperationException>(() => From((key, bad))).Message);
    }

    [Fact]
    public void SCENE_CHANGE_THRESHOLD_defaults_to_a_half_and_must_be_a_similarity_above_0_up_to_1()
    {
        Assert.Equal(0.5, From().SceneChangeThreshold);
        Assert.Equal(0.35, From(("SCENE_CHANGE_THRESHOLD", "0.35")).SceneChangeThreshold);
        foreach (var bad in new[] { "0", "1.5", "-0.2", "NaN" })
            Assert.Contains("SCENE_CHANGE_THRESHOLD", Assert.Throws<InvalidOperationException>(() => From(("SCENE_CHANGE_THRESHOLD", bad))).Message);
    }
}
