using Hsi.Inference.Enrichment;

namespace Hsi.Inference.Tests.Enrichment;

/// <summary>YuNet and LPD-YuNet + PP-OCRv4 on the enrichment fixtures (expectations of fixtures/README.md).</summary>
[Collection(EnrichmentModelsCollection.Name)]
public class FaceAndPlateTests(EnrichmentModelsFixture models)
{
    [Fact]
    public void Four_faces_are_found_in_the_group_picture()
    {
        using var picture = EnrichmentModelsFixture.Load(EnrichmentFixturePaths.Picture("faces/group_2.jpg"));
        var face = Assert.Single(models.Enricher.Enrich(picture, [EnrichmentModelsFixture.Whole(picture, "person")])).Face;

        Assert.NotNull(face);
        Assert.True(face.Detected);
        Assert.Equal(4, face.Count);
        Assert.InRange(face.Confidence!.Value, 0.8, 1.0);
        Assert.Equal("yunet", face.Model.ModelName);
        Assert.Matches("^sha256\\.[0-9a-f]{12}$", face.Model.ModelVersion);
    }

    [Fact]
    public void Two_faces_are_found_where_the_fixture_documents_them()
    {
        using var picture = EnrichmentModelsFixture.Load(EnrichmentFixturePaths.Picture("faces/group_13.jpg"));
        var faces = new YuNetFaceDetector(models.Registry.Get("yunet")!.Session).Detect(picture);

        Assert.Equal(2, faces.Count);
        foreach (var (x, y, w, h) in new[] { (91, 22, 66, 77), (299, 91, 65, 75) })
            Assert.Contains(faces, f => IoU(f.X1, f.Y1, f.X2, f.Y2, x, y, x + w, y + h) >= 0.6);
    }

    [Fact]
    public void A_car_has_no_face()
    {
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "dog.jpg"));
        using var car = EnrichmentModelsFixture.Crop(picture, models.Target(picture, "car"));

        Assert.Empty(new YuNetFaceDetector(models.Registry.Get("yunet")!.Session).Detect(car));
    }

    [Fact]
    public void The_plate_of_the_detected_car_is_read_and_placed_in_picture_pixels()
    {
        using var picture = EnrichmentModelsFixture.Load(EnrichmentFixturePaths.Picture("plates/plate_2.jpg"));
        var car = models.Target(picture, "car");
        Assert.True(car.X > 0 || car.Y > 0 || car.Width < picture.Width, "the car box is a crop of the picture, so the offset matters");

        var plate = Assert.Single(models.Enricher.Enrich(picture, [car])).LicensePlate;

        Assert.NotNull(plate);
        Assert.True(plate.Detected);
        Assert.InRange(plate.Confidence!.Value, 0.9, 1.0);
        Assert.Contains("D01113", plate.Text);
        Assert.Matches("^[A-Z0-9]+$", plate.Text);
        Assert.Contains("D01113", plate.RawText);
        Assert.InRange(plate.OcrConfidence!.Value, 0.5, 1.0);
        Assert.NotNull(plate.Bbox);
        Assert.True(IoU(plate.Bbox[0], plate.Bbox[1], plate.Bbox[2], plate.Bbox[3], 318, 276, 643, 369) >= 0.8,
            $"plate box [{string.Join(", ", plate.Bbox)}] vs [318, 276, 643, 369]");
        Assert.Equal("lpd_yunet+ppocr_rec", plate.Model.ModelName);
    }

    [Fact]
    public void A_close_up_plate_reads_its_latin_part()
    {
        using var picture = EnrichmentModelsFixture.Load(EnrichmentFixturePaths.Picture("plates/plate_1.jpg"));
        var plate = Assert.Single(models.Enricher.Enrich(picture, [EnrichmentModelsFixture.Whole(picture, "car")])).LicensePlate;

        Assert.NotNull(plate);
        Assert.Contains("E99999", plate.Text);
        Assert.Contains("E", plate.RawText);
        Assert.True(IoU(plate.Bbox![0], plate.Bbox[1], plate.Bbox[2], plate.Bbox[3], 227, 200, 227 + 159, 200 + 57) >= 0.7);
    }

    [Fact]
    public void A_vehicle_without_a_plate_in_view_has_none()
    {
        using var picture = EnrichmentModelsFixture.Load(Path.Combine(FixturePaths.Images, "person.jpg"));
        var plate = Assert.Single(models.Enricher.Enrich(picture, [new EnrichmentTarget(1, "car", 404, 138, 199, 205)])).LicensePlate;

        Assert.NotNull(plate);
        Assert.False(plate.Detected);
        Assert.Null(plate.Text);
        Assert.Null(plate.Bbox);
    }

    [Theory]
    [InlineData("京B·D01113", "BD01113")]
    [InlineData("黑e·99999", "E99999")]
    [InlineData("ab-12 cd", "AB12CD")]
    public void Latin_text_keeps_upper_cased_letters_and_digits(string raw, string latin)
    {
        var text = new RecognizedText(raw, raw.Select(c => (c, 0.9f)).ToList());
        Assert.Equal(latin, text.LatinText);
        Assert.Equal(0.9, text.LatinConfidence!.Value, 3);
    }

    [Fact]
    public void The_plate_priors_are_the_models_4385()
    {
        Assert.Equal(4385, LicensePlateDetector.PriorCount);
        var loc = models.Registry.Get("lpd_yunet")!.Session.OutputMetadata["loc"].Dimensions;
        Assert.Equal(LicensePlateDetector.PriorCount, loc[0]);
    }

    internal static double IoU(double ax1, double ay1, double ax2, double ay2, double bx1, double by1, double bx2, double by2)
    {
        var w = Math.Min(ax2, bx2) - Math.Max(ax1, bx1);
        var h = Math.Min(ay2, by2) - Math.Max(ay1, by1);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        return inter / ((ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter);
    }
}
