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
    public void SCENE_CHANGE_THRESHOLD_defaults_to_a_half_and_must_be_a_similarity_above_0_up_to_1()
    {
        Assert.Equal(0.5, From().SceneChangeThreshold);
        Assert.Equal(0.35, From(("SCENE_CHANGE_THRESHOLD", "0.35")).SceneChangeThreshold);
        foreach (var bad in new[] { "0", "1.5", "-0.2", "NaN" })
            Assert.Contains("SCENE_CHANGE_THRESHOLD", Assert.Throws<InvalidOperationException>(() => From(("SCENE_CHANGE_THRESHOLD", bad))).Message);
    }
}
