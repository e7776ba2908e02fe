using Hsi.Domain.Scenes;
using Hsi.Inference.Detection;
using SkiaSharp;

namespace Hsi.Inference.Tests.Detection;

public class GreyThumbnailTests
{
    private const int Side = SceneThumbnail.Side;

    private static SKBitmap Picture(int width, int height, SKColorType type, Func<int, int, SKColor> color)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, type, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            bitmap.SetPixel(x, y, color(x, y));
        return bitmap;
    }

    private static byte[] Fixture(string name, int fit)
    {
        using var decoded = ImageDecoding.Decode(File.ReadAllBytes(Path.Combine(FixturePaths.Images, name)), fit, fit, ImageDecoding.DefaultMaxPixels, out _);
        return GreyThumbnail.Of(decoded);
    }

    [Theory]
    [InlineData(SKColorType.Rgba8888)]
    [InlineData(SKColorType.Bgra8888)]
    [InlineData(SKColorType.Rgb565)]
    public void Each_cell_is_the_mean_luma_of_the_pixels_it_covers(SKColorType type)
    {
        // 96×64: each cell 3×2 pixels; the left half white, the right half pure red (luma 0.299·255 = 76).
        using var picture = Picture(96, 64, type, (x, _) => x < 48 ? SKColors.White : new SKColor(255, 0, 0));
        var thumbnail = GreyThumbnail.Of(picture);
        Assert.Equal(Side * Side, thumbnail.Length);
        for (var row = 0; row < Side; row++)
        {
            Assert.All(thumbnail.AsSpan(row * Side, Side / 2).ToArray(), v => Assert.Equal(255, v));
            Assert.All(thumbnail.AsSpan(row * Side + Side / 2, Side / 2).ToArray(), v => Assert.Equal(76, v));
        }
    }

    [Fact]
    public void A_cell_straddling_two_colours_averages_them()
    {
        // 64×32: each cell 2×1 pixels, alternating black and white columns -> every cell 127.5, rounded to 128.
        using var picture = Picture(64, 32, SKColorType.Rgba8888, (x, _) => x % 2 == 0 ? SKColors.Black : SKColors.White);
        Assert.All(GreyThumbnail.Of(picture), v => Assert.Equal(128, v));
    }

    [Fact]
    public void The_detectors_smaller_decode_gives_the_same_view_as_the_full_picture_and_the_fixtures_are_different_views()
    {
        var person = Fixture("person.jpg", 0);
        Assert.True(Ssim.Compare(person, Fixture("person.jpg", 208), Side) > 0.95);
        var dog = Fixture("dog.jpg", 0);
        var similarity = Ssim.Score(person, dog, Side);
        Assert.True(similarity < SceneDecisions.DefaultThreshold, $"person vs dog: {similarity}");
        Assert.False(SceneThumbnail.LooksBlocked(person));
        Assert.False(SceneThumbnail.LooksBlocked(dog));
        Assert.NotEqual(SceneChangeType.ViewBlocked, SceneDecisions.TypeOf(person, dog));
    }
}
