using Hsi.Inference.Enrichment;
using SkiaSharp;

namespace Hsi.Inference.Tests.Enrichment;

/// <summary>MobileNetV2 (pets, vehicle kinds), the vehicle colour histogram and the image-quality measure on real crops.</summary>
[Collection(EnrichmentModelsCollection.Name)]
public class ClassifierQualityTests(EnrichmentModelsFixture models)
{
    private ImageNetClassifier Classifier => new(models.Registry.Get("mobilenetv2")!.Session, models.Registry.Get("mobilenetv2")!.CompanionPath!);

    [Fact]
    public void The_finch_is_a_house_finch()
    {
        using var picture = EnrichmentModelsFixture.Load(EnrichmentFixturePaths.Picture("classify/finch.jpg"));
        var classifier = Classifier;
        var (_, label, probability) = classifier.Best(classifier.Classify(picture));

        Assert.Equal("house finch", label);
        Assert.InRange(probability, 0.9, 1.0);
    }

    [Fact]
    public void The_labels_put_dog_breeds_and_cats_where_the_pet_ranges_say()
    {
        var labels = Classifier.Labels;
        Assert.Equal("Chihuahua", labels[ImageNetClassifier.DogClasses.Start.Value]);
        Assert.Equal("Mexican hairless", labels[ImageNetClassifier.DogClasses.End.Value - 1]);
        Assert.Equal("timber wolf", labels[ImageNetClassifier.DogClasses.End.Value]);
        Assert.Equal("tabby", labels[ImageNetClassifier.CatClasses.Start.Value]);
        Assert.Equal("Egyptian cat", labels[ImageNetClassifier.CatClasses.End.Value - 1]);
        Assert.Equal("cougar", labels[ImageNetClassifier.CatClasses.End.Value]);
        var vehicleLabels = VehicleClasses.ByImageNetIndex.ToDictionary(k => labels[k.Key], k => k.Value.Type);
        Assert.Equal("minivan", vehicleLabels["minivan"]);
        Assert.Equal("pickup", vehicleLabels["pickup"]);
        Assert.Equal("police_van", vehicleLabels["police van"]);
        Assert.Equal("taxi", vehicleLabels["cab"]);
        Assert.Equal("trailer_truck", vehicleLabels["trailer truck"]);
        Assert.Equal("school_bus", vehicleLabels["school bus"]);
        Assert.Equal("moped", vehicleLabels["moped"]);
    }

    [Fact]
    public void The_detected_dog_gets_a_dog_breed()
    {
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var pet = Assert.Single(models.Enricher.Enrich(picture, [models.Target(picture, "dog")])).Pet;

        Assert.NotNull(pet);
        Assert.True(pet.Detected);
        Assert.Equal("dog", pet.Type);
        var index = Classifier.Labels.ToList().IndexOf(pet.Breed!);
        Assert.InRange(index, 151, 268);
        Assert.InRange(pet.Confidence!.Value, 0.2, 1.0);
        Assert.Equal("mobilenetv2", pet.Model.ModelName);
    }

    [Fact]
    public void The_detected_car_gets_a_type_and_its_white_colour()
    {
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var vehicle = Assert.Single(models.Enricher.Enrich(picture, [models.Target(picture, "car")])).Vehicle;

        Assert.NotNull(vehicle);
        Assert.False(string.IsNullOrEmpty(vehicle.Type));
        Assert.Equal("white", vehicle.Color);
        Assert.NotNull(vehicle.ImageNetLabel);
        Assert.NotNull(vehicle.IsCommercial);
        Assert.Equal("mobilenetv2+hsv_histogram", vehicle.Model.ModelName);
    }

    [Theory]
    [InlineData(220, 20, 30, "red")]
    [InlineData(20, 40, 200, "blue")]
    [InlineData(10, 10, 12, "black")]
    [InlineData(245, 245, 245, "white")]
    [InlineData(150, 150, 155, "silver")]
    [InlineData(30, 160, 40, "green")]
    [InlineData(230, 210, 30, "yellow")]
    [InlineData(110, 60, 20, "brown")]
    public void A_solid_colour_crop_gets_that_colour(byte r, byte g, byte b, string colour)
    {
        using var picture = Solid(new SKColor(r, g, b), 300, 200);
        Assert.Equal(colour, VehicleColour.Of(picture).Colour);
        if (colour != "red") return;
        var vehicle = Assert.Single(models.Enricher.Enrich(picture, [new EnrichmentTarget(1, "car", 20, 20, 250, 150)])).Vehicle;
        Assert.Equal("red", vehicle!.Color);
    }

    [Fact]
    public void A_blurred_crop_scores_lower_and_is_blurry()
    {
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var bicycle = models.Target(picture, "bicycle");
        using var blurred = Blurred(picture, 6);

        var sharp = Assert.Single(models.Enricher.Enrich(picture, [bicycle])).ImageQuality!;
        var soft = Assert.Single(models.Enricher.Enrich(blurred, [bicycle])).ImageQuality!;

        Assert.False(sharp.IsBlurry);
        Assert.DoesNotContain("blurry", sharp.QualityIssues);
        Assert.True(soft.IsBlurry);
        Assert.Contains("blurry", soft.QualityIssues);
        Assert.True(soft.IsLowQuality);
        Assert.True(sharp.Score > soft.Score + 10, $"sharp {sharp.Score} vs blurred {soft.Score}");
        Assert.True(sharp.LaplacianVariance > 5 * soft.LaplacianVariance);
        Assert.InRange(sharp.Score, 0, 100);
        Assert.Equal("laplacian_variance", sharp.Model.ModelName);
    }

    [Fact]
    public void A_dark_flat_crop_is_too_dark_and_low_contrast()
    {
        using var picture = Solid(new SKColor(15, 15, 15), 120, 120);
        var q = ImageQuality.Measure(picture);

        Assert.Contains("too_dark", q.Issues);
        Assert.Contains("low_contrast", q.Issues);
        Assert.True(q.IsLowQuality);
        Assert.InRange(q.Score, 0, 30);
    }

    internal static SKBitmap Solid(SKColor colour, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(colour);
        return bitmap;
    }

    private static SKBitmap Blurred(SKBitmap source, float sigma)
    {
        var blurred = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(blurred);
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma) };
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default, paint);
        return blurred;
    }
}
