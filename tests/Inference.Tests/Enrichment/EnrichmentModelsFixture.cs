using Hsi.Inference.Detection;
using Hsi.Inference.Enrichment;
using SkiaSharp;

namespace Hsi.Inference.Tests.Enrichment;

/// <summary>The real enrichment models (CPU) and the real detector, loaded once for every enrichment test class.</summary>
public sealed class EnrichmentModelsFixture : IDisposable
{
    public EnrichmentModelRegistry Registry { get; } = new(EnrichmentOptions.Default(EnrichmentFixturePaths.Models, DetectorDevice.Cpu));
    public OnnxDetector Detector { get; } = new(new DetectorOptions(FixturePaths.Model, Device: DetectorDevice.Cpu));
    public OnnxDetectionEnricher Enricher { get; }

    public EnrichmentModelsFixture() => Enricher = new OnnxDetectionEnricher(Registry);

    public static SKBitmap Load(string path) => ImageDecoding.Decode(File.ReadAllBytes(path), ImageDecoding.DefaultMaxPixels);

    /// <summary>The detector's single object of <paramref name="type"/> in the picture, as an enrichment target.</summary>
    public EnrichmentTarget Target(SKBitmap picture, string type, long id = 1)
    {
        var found = Detector.Detect(picture, FixturePaths.DetectionThreshold).Objects.Where(o => o.ObjectType == type).MaxBy(o => o.Confidence)
            ?? throw new Xunit.Sdk.XunitException($"the detector found no {type}");
        return new EnrichmentTarget(id, type, found.X, found.Y, found.Width, found.Height);
    }

    public static EnrichmentTarget Whole(SKBitmap picture, string type, long id = 1) => new(id, type, 0, 0, picture.Width, picture.Height);

    public static SKBitmap Crop(SKBitmap picture, EnrichmentTarget t)
    {
        var crop = new SKBitmap();
        Assert.True(picture.ExtractSubset(crop, SKRectI.Create(t.X, t.Y, t.Width, t.Height)));
        return crop;
    }

    public void Dispose()
    {
        Registry.Dispose();
        Detector.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EnrichmentModelsCollection : ICollectionFixture<EnrichmentModelsFixture>
{
    public const string Name = "enrichment models";
}
