using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>Where the original image landed in the model input: scale per axis and padding.</summary>
public readonly record struct LetterboxGeometry(float ScaleX, float ScaleY, float PadX, float PadY, int OriginalWidth, int OriginalHeight)
{
    /// <summary>Maps a box in input pixels back to integer original pixels, clipped to the image.</summary>
    public (int X, int Y, int Width, int Height) ToOriginal(float x1, float y1, float x2, float y2)
    {
        var left = Math.Clamp((x1 - PadX) / ScaleX, 0, OriginalWidth);
        var top = Math.Clamp((y1 - PadY) / ScaleY, 0, OriginalHeight);
        var right = Math.Clamp((x2 - PadX) / ScaleX, 0, OriginalWidth);
        var bottom = Math.Clamp((y2 - PadY) / ScaleY, 0, OriginalHeight);
        var x = (int)MathF.Round(left);
        var y = (int)MathF.Round(top);
        return (x, y, (int)MathF.Round(right) - x, (int)MathF.Round(bottom) - y);
    }
}

/// <summary>Resizes an image into the model's input (bilinear) and writes it as a CHW float tensor.</summary>
public static class Letterbox
{
    public static LetterboxGeometry Fill(SKBitmap image, int inputWidth, int inputHeight, Preprocessing prep, Span<float> chw)
    {
        float sx, sy, padX = 0, padY = 0;
        if (prep.Placement == Placement.Stretch)
        {
            sx = inputWidth / (float)image.Width;
            sy = inputHeight / (float)image.Height;
        }
        else
        {
            sx = sy = Math.Min(inputWidth / (float)image.Width, inputHeight / (float)image.Height);
            if (prep.Placement == Placement.Center)
            {
                padX = (inputWidth - image.Width * sx) / 2f;
                padY = (inputHeight - image.Height * sy) / 2f;
            }
        }

        var info = new SKImageInfo(inputWidth, inputHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var canvasBitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(canvasBitmap))
        {
            canvas.Clear(new SKColor(prep.PadValue, prep.PadValue, prep.PadValue));
            var dest = SKRect.Create(padX, padY, image.Width * sx, image.Height * sy);
            using var skImage = SKImage.FromBitmap(image);
            canvas.DrawImage(skImage, dest, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        }

        var pixels = canvasBitmap.GetPixelSpan();
        var plane = inputWidth * inputHeight;
        var (first, third) = prep.Bgr ? (2, 0) : (0, 2);
        var scale = prep.Scale;
        for (int i = 0, p = 0; i < plane; i++, p += 4)
        {
            chw[i] = pixels[p + first] * scale;
            chw[plane + i] = pixels[p + 1] * scale;
            chw[2 * plane + i] = pixels[p + third] * scale;
        }
        return new LetterboxGeometry(sx, sy, padX, padY, image.Width, image.Height);
    }
}
