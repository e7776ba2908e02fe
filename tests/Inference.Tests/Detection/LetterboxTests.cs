using Hsi.Inference.Detection;
using SkiaSharp;

namespace Hsi.Inference.Tests.Detection;

/// <summary>The model sees what Skia's own bilinear scaling of the picture would give, laid out as CHW.</summary>
public class LetterboxTests
{
    private const int Size = 416;

    [Theory]
    [InlineData("person.jpg", SKColorType.Rgba8888, SKAlphaType.Unpremul, ModelFamily.Yolox, 1.0)]
    [InlineData("dog.jpg", SKColorType.Rgba8888, SKAlphaType.Unpremul, ModelFamily.Yolox, 1.0)]
    [InlineData("dog.jpg", SKColorType.Bgra8888, SKAlphaType.Unpremul, ModelFamily.Yolox, 1.0)]
    [InlineData("dog.jpg", SKColorType.Rgba8888, SKAlphaType.Premul, ModelFamily.Yolox, 1.0)]
    [InlineData("dog.jpg", SKColorType.Gray8, SKAlphaType.Opaque, ModelFamily.Yolox, 1.0)]
    [InlineData("person.jpg", SKColorType.Rgba8888, SKAlphaType.Unpremul, ModelFamily.YoloV8, 1.0)]
    [InlineData("person.jpg", SKColorType.Bgra8888, SKAlphaType.Unpremul, ModelFamily.RtDetr, 1.0)]
    [InlineData("person.jpg", SKColorType.Rgba8888, SKAlphaType.Unpremul, ModelFamily.YoloV8, 0.3)]
    public void The_tensor_is_the_picture_scaled_bilinearly_and_padded(
        string fixture, SKColorType colorType, SKAlphaType alphaType, ModelFamily family, double shrink)
    {
        using var decoded = ImageDecoding.Decode(File.ReadAllBytes(Path.Combine(FixturePaths.Images, fixture)), Size, Size,
            ImageDecoding.DefaultMaxPixels, out _);
        // Shrunk below the input size, the picture is enlarged into it.
        using var source = decoded.Resize(new SKImageInfo((int)(decoded.Width * shrink), (int)(decoded.Height * shrink), SKColorType.Rgba8888,
            SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear));
        using var picture = new SKBitmap(new SKImageInfo(source.Width, source.Height, colorType, alphaType));
        Assert.True(source.CopyTo(picture, colorType));
        var prep = Preprocessing.For(family);
        var chw = new float[3 * Size * Size];

        var geometry = Letterbox.Fill(picture, Size, Size, prep, chw);

        var (width, height) = ((int)MathF.Round(picture.Width * geometry.ScaleX), (int)MathF.Round(picture.Height * geometry.ScaleY));
        using var expected = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var rgba = new SKBitmap(new SKImageInfo(picture.Width, picture.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            Assert.True(picture.CopyTo(rgba, SKColorType.Rgba8888));
            Assert.True(rgba.ScalePixels(expected, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None)));
        }
        var (offsetX, offsetY) = ((int)MathF.Round(geometry.PadX), (int)MathF.Round(geometry.PadY));
        var worst = 0f;
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++)
        {
            var inside = x >= offsetX && x < offsetX + width && y >= offsetY && y < offsetY + height;
            var pixel = inside ? expected.GetPixel(x - offsetX, y - offsetY) : new SKColor((byte)prep.PadValue, (byte)prep.PadValue, (byte)prep.PadValue);
            float[] want = prep.Bgr ? [pixel.Blue, pixel.Green, pixel.Red] : [pixel.Red, pixel.Green, pixel.Blue];
            for (var c = 0; c < 3; c++) worst = Math.Max(worst, Math.Abs(chw[c * Size * Size + y * Size + x] / prep.Scale - want[c]));
        }
        // Skia rounds to whole levels; the tensor keeps the fractions.
        Assert.InRange(worst, 0, 1);
    }
}
