using Hsi.Inference.Detection;

namespace Hsi.Inference.Tests.Detection;

/// <summary>The real YOLOX-Nano model on the shared fixtures must find exactly the objects of fixtures/README.md.</summary>
public class FixtureDetectionTests : IDisposable
{
    private readonly OnnxDetector _detector = new(new DetectorOptions(FixturePaths.Model, Device: DetectorDevice.Cpu));

    public static TheoryData<string, DetectedObject[]> Expected => new()
    {
        {
            "person.jpg", [
                new("person", 0.880f, 188, 97, 89, 275),
                new("dog", 0.878f, 61, 263, 139, 86),
                new("horse", 0.872f, 404, 138, 199, 205),
            ]
        },
        {
            "dog.jpg", [
                new("dog", 0.851f, 133, 207, 194, 337),
                new("bicycle", 0.801f, 56, 137, 516, 287),
                new("car", 0.797f, 466, 78, 227, 93),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Finds_the_documented_objects(string image, DetectedObject[] expected)
    {
        var result = _detector.Detect(File.ReadAllBytes(Path.Combine(FixturePaths.Images, image)), FixturePaths.DetectionThreshold);

        Assert.Equal(expected.Length, result.Objects.Count);
        foreach (var want in expected)
        {
            var got = Assert.Single(result.Objects, o => o.ObjectType == want.ObjectType);
            Assert.InRange(got.Confidence, want.Confidence - 0.03f, want.Confidence + 0.03f);
            Assert.True(IoU(got, want) >= 0.85, $"{want.ObjectType}: box {got} vs {want} IoU {IoU(got, want):F3}");
        }
    }

    [Fact]
    public void Reports_the_model_it_runs()
    {
        Assert.Equal("yolox_nano", _detector.Model.Name);
        Assert.Equal(ModelFamily.Yolox, _detector.Model.Family);
        Assert.Equal((416, 416), (_detector.Model.InputWidth, _detector.Model.InputHeight));
        Assert.Equal("CPUExecutionProvider", _detector.Model.Provider);
        // The fixture sets no model_version (ONNX Runtime reads long.MaxValue): the digest alone.
        Assert.Matches("^sha256\\.[0-9a-f]{12}$", _detector.Model.Version);
    }

    [Theory]
    [InlineData(3L, "3+sha256.4903c9058f6e")]
    [InlineData(0L, "sha256.4903c9058f6e")]
    [InlineData(-1L, "sha256.4903c9058f6e")]
    [InlineData(long.MaxValue, "sha256.4903c9058f6e")]
    public void A_model_version_is_shown_only_when_the_model_sets_one(long modelVersion, string label) =>
        Assert.Equal(label, OnnxDetector.VersionLabel(modelVersion, "4903c9058f6e"));

    [Fact]
    public void A_truncated_jpeg_is_unreadable_not_a_crash()
    {
        var bytes = File.ReadAllBytes(Path.Combine(FixturePaths.Images, "person.jpg"));
        var ex = Assert.Throws<MediaUnreadableException>(() => _detector.Detect(bytes.AsSpan(0, bytes.Length / 2), FixturePaths.DetectionThreshold));
        Assert.Contains("truncated", ex.Message);
        Assert.Throws<MediaUnreadableException>(() => _detector.Detect(ReadOnlySpan<byte>.Empty, FixturePaths.DetectionThreshold));
        Assert.Throws<MediaUnreadableException>(() => _detector.Detect("not an image at all"u8, FixturePaths.DetectionThreshold));
    }

    [Fact]
    public void Forcing_cuda_without_cuda_fails_clearly_while_auto_falls_back_to_cpu()
    {
        var ex = Assert.Throws<DetectorDeviceException>(() => new OnnxDetector(new DetectorOptions(FixturePaths.Model, Device: DetectorDevice.Cuda)));
        Assert.Contains("libcudart.so.13", ex.Message);

        using var auto = new OnnxDetector(new DetectorOptions(FixturePaths.Model, Device: DetectorDevice.Auto));
        Assert.Equal("CPUExecutionProvider", auto.Model.Provider);
    }

    [Fact]
    public void A_missing_model_says_where_it_looked()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => new OnnxDetector(new DetectorOptions("/nowhere/model.onnx")));
        Assert.Contains("/nowhere/model.onnx", ex.Message);
    }

    private static double IoU(DetectedObject a, DetectedObject b)
    {
        var w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        double inter = w * h;
        return inter / (a.Width * a.Height + b.Width * b.Height - inter);
    }

    public void Dispose() => _detector.Dispose();
}
