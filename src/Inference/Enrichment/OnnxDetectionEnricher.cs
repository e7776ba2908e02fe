using System.Diagnostics;
using Hsi.Domain.Enrichment;
using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>
/// Crops each detection's box from the picture and runs the models that apply to its class: person → face, embedding and
/// image quality; car/truck/bus/motorcycle → licence plate, vehicle and image quality; dog/cat → pet and image quality;
/// anything else → image quality. A model's failure is an <see cref="EnrichmentError"/> of its group while the others
/// fill; a model switched off or missing leaves its group null and names the group in <see cref="DetectionEnrichment.Unavailable"/>.
/// Safe to call from several threads at once (the sessions are; every buffer is per call).
/// </summary>
public sealed class OnnxDetectionEnricher : IDetectionEnricher
{
    /// <summary>A box whose shorter side, clamped to the picture, is under this is not enriched (a recorded error).</summary>
    public const int MinCropSide = 4;

    /// <summary>A crop smaller than this on a side is grown around its centre (within the picture) so the models see some context.</summary>
    public const int PaddedCropSide = 16;

    /// <summary>
    /// Plates are looked for on vehicle crops at least this large: on a smaller one a plate is under ~20 pixels wide,
    /// too small to read, and LPD-YuNet is the costliest model (about 150 ms a crop on one CPU core), so its group stays null.
    /// </summary>
    public const int MinPlateCropWidth = 96, MinPlateCropHeight = 48;

    private readonly EnrichmentModelRegistry _registry;
    private readonly (YuNetFaceDetector Model, LoadedEnrichmentModel Loaded)? _faces;
    private readonly (LicensePlateDetector Model, LoadedEnrichmentModel Loaded)? _plates;
    private readonly (PlateTextRecognizer Model, LoadedEnrichmentModel Loaded)? _ocr;
    private readonly (ImageNetClassifier Model, LoadedEnrichmentModel Loaded)? _classifier;
    private readonly (OsNetEmbedder Model, LoadedEnrichmentModel Loaded)? _embedder;

    public OnnxDetectionEnricher(EnrichmentModelRegistry registry)
    {
        _registry = registry;
        _faces = Use(registry, EnrichmentOptions.YuNet, m => new YuNetFaceDetector(m.Session));
        _plates = Use(registry, EnrichmentOptions.LpdYuNet, m => new LicensePlateDetector(m.Session));
        _ocr = Use(registry, EnrichmentOptions.PpOcrRec, m => new PlateTextRecognizer(m.Session, m.CompanionPath!));
        _classifier = Use(registry, EnrichmentOptions.MobileNetV2, m => new ImageNetClassifier(m.Session, m.CompanionPath!));
        _embedder = Use(registry, EnrichmentOptions.OsNet, m => new OsNetEmbedder(m.Session));
    }

    private static (T Model, LoadedEnrichmentModel Loaded)? Use<T>(EnrichmentModelRegistry registry, EnrichmentModelDescriptor descriptor, Func<LoadedEnrichmentModel, T> build)
        where T : class =>
        registry.Use(descriptor.Name, build) is { } model ? (model, registry.Get(descriptor.Name)!) : null;

    public IReadOnlyList<EnrichmentModelStatus> Models => _registry.Statuses;

    /// <summary>Every detection's enrichment; nothing when ENRICHMENT_ENABLED is false.</summary>
    public IReadOnlyList<DetectionEnrichment> Enrich(SKBitmap picture, IReadOnlyList<EnrichmentTarget> targets)
    {
        if (!_registry.Enabled) return [];
        return targets.Select(t => EnrichOne(picture, t)).ToList();
    }

    private DetectionEnrichment EnrichOne(SKBitmap picture, EnrichmentTarget target)
    {
        var watch = Stopwatch.StartNew();
        var result = new Builder(target);
        if (CropRect(target, picture.Width, picture.Height, out var problem) is not { } rect)
        {
            result.Errors.Add(new EnrichmentError("crop", "crop", problem!));
            return result.Build(watch);
        }
        using var crop = new SKBitmap();
        if (!picture.ExtractSubset(crop, rect))
        {
            result.Errors.Add(new EnrichmentError("crop", "crop", $"the box {rect} could not be cut from the picture"));
            return result.Build(watch);
        }

        var type = target.ObjectType;
        if (type == "person")
        {
            Run(result, "face", _faces, EnrichmentOptions.YuNet, m => result.Face = Face(m, crop));
            Run(result, "embedding", _embedder, EnrichmentOptions.OsNet, m => result.Embedding = Embedding(m, crop));
        }
        else if (VehicleClasses.IsVehicle(type))
        {
            var plateSized = crop.Width >= MinPlateCropWidth && crop.Height >= MinPlateCropHeight;
            if (plateSized && _plates is { } plates && _ocr is { } ocr)
                Guard(result, "license_plate", $"{EnrichmentOptions.LpdYuNet.Name}+{EnrichmentOptions.PpOcrRec.Name}",
                    () => result.LicensePlate = Plate(plates, ocr, crop, rect));
            else if (plateSized) result.Unavailable.Add("license_plate");
            Guard(result, "vehicle", _classifier is null ? EnrichmentModelRegistry.VehicleColourMethod : $"{EnrichmentOptions.MobileNetV2.Name}+{EnrichmentModelRegistry.VehicleColourMethod}",
                () => result.Vehicle = Vehicle(crop, type));
        }
        else if (type is "dog" or "cat")
            Run(result, "pet", _classifier, EnrichmentOptions.MobileNetV2, m => result.Pet = Pet(m, crop, type));
        Guard(result, "image_quality", EnrichmentModelRegistry.ImageQualityMethod, () => result.ImageQuality = Quality(crop));
        return result.Build(watch);
    }

    /// <summary>
    /// The box clamped to the picture, grown to <see cref="PaddedCropSide"/> when smaller; null (with the reason) when it
    /// has no area, lies outside the picture, or is under <see cref="MinCropSide"/> pixels on a side (a 1×1000 sliver).
    /// </summary>
    public static SKRectI? CropRect(EnrichmentTarget target, int pictureWidth, int pictureHeight, out string? problem)
    {
        problem = null;
        if (target.Width <= 0 || target.Height <= 0)
        {
            problem = $"the box {target.Width}x{target.Height} has no area";
            return null;
        }
        long left = Math.Max(0, target.X), top = Math.Max(0, target.Y);
        long right = Math.Min(pictureWidth, (long)target.X + target.Width), bottom = Math.Min(pictureHeight, (long)target.Y + target.Height);
        if (right <= left || bottom <= top)
        {
            problem = $"the box at ({target.X},{target.Y}) {target.Width}x{target.Height} is outside the {pictureWidth}x{pictureHeight} picture";
            return null;
        }
        if (right - left < MinCropSide || bottom - top < MinCropSide)
        {
            problem = $"the box is {right - left}x{bottom - top} pixels inside the picture, too thin to enrich (under {MinCropSide} on a side)";
            return null;
        }
        (left, right) = Grow(left, right, pictureWidth);
        (top, bottom) = Grow(top, bottom, pictureHeight);
        return new SKRectI((int)left, (int)top, (int)right, (int)bottom);
    }

    private static (long, long) Grow(long start, long end, int limit)
    {
        var missing = PaddedCropSide - (end - start);
        if (missing <= 0) return (start, end);
        start = Math.Max(0, start - missing / 2);
        end = Math.Min(limit, start + PaddedCropSide);
        return (Math.Max(0, end - PaddedCropSide), end);
    }

    private FaceGroup Face((YuNetFaceDetector Model, LoadedEnrichmentModel Loaded) m, SKBitmap crop)
    {
        var watch = Stopwatch.StartNew();
        var faces = m.Model.Detect(crop);
        var ms = Done(m.Loaded.Descriptor.Name, watch);
        return new FaceGroup(faces.Count > 0, faces.Count, faces.Count > 0 ? Math.Round(faces.Max(f => f.Score), 4) : null,
            new ModelRun(m.Loaded.Descriptor.Name, m.Loaded.Version, ms));
    }

    private PersonEmbedding Embedding((OsNetEmbedder Model, LoadedEnrichmentModel Loaded) m, SKBitmap crop)
    {
        var watch = Stopwatch.StartNew();
        var vector = m.Model.Embed(crop);
        return new PersonEmbedding(vector, new ModelRun(m.Loaded.Descriptor.Name, m.Loaded.Version, Done(m.Loaded.Descriptor.Name, watch)));
    }

    private LicensePlateGroup Plate(
        (LicensePlateDetector Model, LoadedEnrichmentModel Loaded) plates, (PlateTextRecognizer Model, LoadedEnrichmentModel Loaded) ocr,
        SKBitmap crop, SKRectI offset)
    {
        var watch = Stopwatch.StartNew();
        var found = plates.Model.Detect(crop);
        var detectMs = Done(plates.Loaded.Descriptor.Name, watch);
        var run = new ModelRun($"{plates.Loaded.Descriptor.Name}+{ocr.Loaded.Descriptor.Name}", $"{plates.Loaded.Version}+{ocr.Loaded.Version}", detectMs);
        if (found.Count == 0) return new LicensePlateGroup(false, null, null, null, null, null, run);

        var best = found[0];
        var bounds = best.Bounds;
        var region = SKRectI.Round(bounds);
        region.Intersect(new SKRectI(0, 0, crop.Width, crop.Height));
        var bbox = new[] { bounds.Left + offset.Left, bounds.Top + offset.Top, bounds.Right + offset.Left, bounds.Bottom + offset.Top }
            .Select(v => Math.Round((double)v, 1)).ToArray();
        if (region.Width < 2 || region.Height < 2)
            return new LicensePlateGroup(true, Math.Round(best.Score, 4), null, null, null, bbox, run);

        watch.Restart();
        using var plate = new SKBitmap();
        RecognizedText? text = crop.ExtractSubset(plate, region) ? ocr.Model.Read(plate) : null;
        var ocrMs = Done(ocr.Loaded.Descriptor.Name, watch);
        var latin = text?.LatinText;
        return new LicensePlateGroup(true, Math.Round(best.Score, 4), string.IsNullOrEmpty(latin) ? null : latin, text?.RawText,
            text?.LatinConfidence is { } c ? Math.Round(c, 4) : null, bbox, run with { InferenceMs = Math.Round(detectMs + ocrMs, 3) });
    }

    private PetGroup Pet((ImageNetClassifier Model, LoadedEnrichmentModel Loaded) m, SKBitmap crop, string type)
    {
        var watch = Stopwatch.StartNew();
        var probabilities = m.Model.Classify(crop);
        var (_, breed, probability) = m.Model.Best(probabilities, type == "dog" ? ImageNetClassifier.DogClasses : ImageNetClassifier.CatClasses);
        return new PetGroup(true, type, breed, Math.Round(probability, 4),
            new ModelRun(m.Loaded.Descriptor.Name, m.Loaded.Version, Done(m.Loaded.Descriptor.Name, watch)));
    }

    /// <summary>Type from the detector class, refined by the best ImageNet vehicle class that fits it; colour from the histogram.</summary>
    private VehicleGroup Vehicle(SKBitmap crop, string objectType)
    {
        var watch = Stopwatch.StartNew();
        string type = objectType, name = EnrichmentModelRegistry.VehicleColourMethod, version = "1";
        string? label = null;
        double? confidence = null;
        var commercial = VehicleClasses.CommercialByDetectorClass(objectType);
        if (_classifier is { } m)
        {
            var probabilities = m.Model.Classify(crop);
            var best = VehicleClasses.ByImageNetIndex
                .Where(k => k.Value.DetectorClasses.Contains(objectType))
                .MaxBy(k => probabilities[k.Key]);
            label = m.Model.Labels[best.Key];
            if (probabilities[best.Key] >= VehicleClasses.MinProbability)
            {
                (type, commercial, confidence) = (best.Value.Type, best.Value.IsCommercial, Math.Round(probabilities[best.Key], 4));
            }
            Done(m.Loaded.Descriptor.Name, watch);
            (name, version) = ($"{m.Loaded.Descriptor.Name}+{name}", $"{m.Loaded.Version}+{version}");
        }
        var colourWatch = Stopwatch.StartNew();
        var (colour, _) = VehicleColour.Of(crop);
        Done(EnrichmentModelRegistry.VehicleColourMethod, colourWatch);
        return new VehicleGroup(type, colour, confidence, commercial, label, new ModelRun(name, version, Math.Round(watch.Elapsed.TotalMilliseconds, 3)));
    }

    private ImageQualityGroup Quality(SKBitmap crop)
    {
        var watch = Stopwatch.StartNew();
        var q = ImageQuality.Measure(crop);
        var ms = Done(EnrichmentModelRegistry.ImageQualityMethod, watch);
        return new ImageQualityGroup(q.Score, q.IsBlurry, q.IsLowQuality, q.Issues, q.LaplacianVariance, q.Brightness, q.Contrast,
            new ModelRun(EnrichmentModelRegistry.ImageQualityMethod, "1", ms));
    }

    private double Done(string name, Stopwatch watch)
    {
        var ms = Math.Round(watch.Elapsed.TotalMilliseconds, 3);
        _registry.Record(name, ms);
        return ms;
    }

    private static void Run<TModel>(Builder result, string group, (TModel Model, LoadedEnrichmentModel Loaded)? model,
        EnrichmentModelDescriptor descriptor, Action<(TModel Model, LoadedEnrichmentModel Loaded)> fill)
    {
        if (model is not { } m)
        {
            result.Unavailable.Add(group);
            return;
        }
        Guard(result, group, descriptor.Name, () => fill(m));
    }

    private static void Guard(Builder result, string group, string modelName, Action fill)
    {
        try
        {
            fill();
        }
        catch (Exception ex)
        {
            result.Errors.Add(new EnrichmentError(group, modelName, ex.Message));
        }
    }

    private sealed class Builder(EnrichmentTarget target)
    {
        public FaceGroup? Face;
        public LicensePlateGroup? LicensePlate;
        public PetGroup? Pet;
        public VehicleGroup? Vehicle;
        public ImageQualityGroup? ImageQuality;
        public PersonEmbedding? Embedding;
        public readonly List<EnrichmentError> Errors = [];
        public readonly List<string> Unavailable = [];

        public DetectionEnrichment Build(Stopwatch watch) => new(target.DetectionId, target.ObjectType,
            Face, LicensePlate, Pet, Vehicle, ImageQuality, Embedding, Errors, Unavailable, Math.Round(watch.Elapsed.TotalMilliseconds, 3));
    }
}
