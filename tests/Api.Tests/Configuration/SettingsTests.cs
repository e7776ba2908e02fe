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
}
