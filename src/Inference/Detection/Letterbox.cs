using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>Where the original image landed in the model input: scale per axis and padding.</summary>
public readonly record struct LetterboxGeometry(float ScaleX, float ScaleY, float PadX, float PadY, int OriginalWidth, int OriginalHeight)
{
    /// <summary>The same placement, for boxes in the pixels of a larger original the input was decoded down from.</summary>
    public LetterboxGeometry ForOriginal(int width, int height) =>
        width == OriginalWidth && height == OriginalHeight
            ? this
            : this with
            {
                ScaleX = ScaleX * OriginalWidth / width,
                ScaleY = ScaleY * OriginalHeight / height,
                OriginalWidth = width,
                OriginalHeight = height,
            };

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

        // Resize only the image itself, then lay it into the padded tensor: no full-size canvas pass.
        var scaledWidth = Math.Clamp((int)MathF.Round(image.Width * sx), 1, inputWidth);
        var scaledHeight = Math.Clamp((int)MathF.Round(image.Height * sy), 1, inputHeight);
        using var scaled = new SKBitmap(new SKImageInfo(scaledWidth, scaledHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        image.ScalePixels(scaled, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        var (offsetX, offsetY) = ((int)MathF.Round(padX), (int)MathF.Round(padY));

        var plane = inputWidth * inputHeight;
        chw[..(3 * plane)].Fill(prep.PadValue * prep.Scale);
        var pixels = scaled.GetPixelSpan();
        var (first, third) = prep.Bgr ? (2, 0) : (0, 2);
        var scale = prep.Scale;
        for (var y = 0; y < scaledHeight; y++)
        {
            var row = pixels.Slice(y * scaled.RowBytes, scaledWidth * 4);
            var dst = (y + offsetY) * inputWidth + offsetX;
            for (int x = 0, p = 0; x < scaledWidth; x++, p += 4)
            {
                chw[dst + x] = row[p + first] * scale;
                chw[plane + dst + x] = row[p + 1] * scale;
                chw[2 * plane + dst + x] = row[p + third] * scale;
            }
        }
        return new LetterboxGeometry(sx, sy, padX, padY, image.Width, image.Height);
    }
}
