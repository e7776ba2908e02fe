using Hsi.Inference.Media;
using Hsi.Inference.Detection;

namespace Hsi.Inference.Tests.Detection;

/// <summary>Detecting many pictures with decoding overlapped finds what one-at-a-time detection finds, in order.</summary>
public class OverlappedDetectionTests : IDisposable
{
    private readonly OnnxDetector _detector = new(new DetectorOptions(FixturePaths.Model, Device: DetectorDevice.Cpu));

    [Fact]
    public async Task Every_picture_gets_the_objects_one_at_a_time_detection_finds_and_a_bad_one_only_its_own_error()
    {
        var pictures = new[] { "person.jpg", "dog.jpg", "broken", "dog.jpg", "person.jpg", "missing.jpg", "person.jpg" };
        var bytes = new Dictionary<string, byte[]>
        {
            ["person.jpg"] = File.ReadAllBytes(Path.Combine(FixturePaths.Images, "person.jpg")),
            ["dog.jpg"] = File.ReadAllBytes(Path.Combine(FixturePaths.Images, "dog.jpg")),
            ["broken"] = "not an image"u8.ToArray(),
        };
        var alone = bytes.Where(b => b.Key != "broken").ToDictionary(b => b.Key, b => _detector.Detect(b.Value, FixturePaths.DetectionThreshold).Objects);

        var outcomes = new List<DetectionOutcome<string>>();
        await foreach (var outcome in _detector.DetectAllAsync(pictures,
                           (name, _) => bytes.TryGetValue(name, out var b) ? Task.FromResult(new PooledBytes(b)) : throw new FileNotFoundException(name), FixturePaths.DetectionThreshold))
            outcomes.Add(outcome);

        Assert.Equal(pictures, outcomes.Select(o => o.Item));
        Assert.IsType<MediaUnreadableException>(outcomes[2].Error);
        Assert.IsType<FileNotFoundException>(outcomes[5].Error);
        foreach (var outcome in outcomes.Where(o => o.Error is null))
            Assert.Equal(alone[outcome.Item], outcome.Result!.Objects);
    }

    [Fact]
    public async Task A_higher_confidence_threshold_in_force_drops_the_less_confident_objects()
    {
        var person = File.ReadAllBytes(Path.Combine(FixturePaths.Images, "person.jpg"));
        var found = new Dictionary<float, int>();
        foreach (var threshold in new[] { 0.5f, 0.9f })
            await foreach (var outcome in _detector.DetectAllAsync([1], (_, _) => Task.FromResult(new PooledBytes(person)), minConfidence: threshold))
                found[threshold] = outcome.Result!.Objects.Count;

        // The fixture's three objects score 0.87-0.88.
        Assert.Equal(3, found[0.5f]);
        Assert.Equal(0, found[0.9f]);
    }

    public void Dispose() => _detector.Dispose();
}
