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

        var scaledWidth = Math.Clamp((int)MathF.Round(image.Width * sx), 1, inputWidth);
        var scaledHeight = Math.Clamp((int)MathF.Round(image.Height * sy), 1, inputHeight);
        var (offsetX, offsetY) = ((int)MathF.Round(padX), (int)MathF.Round(padY));
        var plane = inputWidth * inputHeight;
        chw[..(3 * plane)].Fill(prep.PadValue * prep.Scale);
        if (image.ColorType != SKColorType.Rgba8888 && image.ColorType != SKColorType.Bgra8888)
        {
            using var rgba = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            if (!image.CopyTo(rgba, SKColorType.Rgba8888)) throw new MediaUnreadableException($"cannot convert a {image.ColorType} picture");
            Resample(rgba, scaledWidth, scaledHeight, inputWidth, offsetX, offsetY, plane, prep, chw);
        }
        else Resample(image, scaledWidth, scaledHeight, inputWidth, offsetX, offsetY, plane, prep, chw);
        return new LetterboxGeometry(sx, sy, padX, padY, image.Width, image.Height);
    }

    /// <summary>
    /// Bilinear resampling straight into the tensor, pixel centres mapped as Skia maps them: one pass
    /// instead of a scaled copy and then a layout pass (1.8 -> 1.0 ms for a fixture picture).
    /// </summary>
    private static unsafe void Resample(SKBitmap image, int width, int height, int inputWidth, int offsetX, int offsetY, int plane,
        Preprocessing prep, Span<float> chw)
    {
        var pixels = image.GetPixelSpan();
        var (rowBytes, sourceWidth, sourceHeight) = (image.RowBytes, image.Width, image.Height);
        var bgrSource = image.ColorType == SKColorType.Bgra8888;
        var (first, third) = prep.Bgr != bgrSource ? (2, 0) : (0, 2);
        var scale = prep.Scale;

        Span<int> left = width <= 2048 ? stackalloc int[width] : new int[width];
        Span<int> right = width <= 2048 ? stackalloc int[width] : new int[width];
        Span<float> towardsRight = width <= 2048 ? stackalloc float[width] : new float[width];
        var stepX = sourceWidth / (float)width;
        for (var x = 0; x < width; x++)
        {
            var at = Math.Clamp((x + 0.5f) * stepX - 0.5f, 0, sourceWidth - 1);
            var x0 = (int)at;
            (left[x], right[x], towardsRight[x]) = (x0 * 4, Math.Min(x0 + 1, sourceWidth - 1) * 4, at - x0);
        }

        var stepY = sourceHeight / (float)height;
        fixed (byte* source = pixels)
        fixed (float* tensor = chw)
        fixed (int* lefts = left, rights = right)
        fixed (float* weights = towardsRight)
        {
            for (var y = 0; y < height; y++)
            {
                var at = Math.Clamp((y + 0.5f) * stepY - 0.5f, 0, sourceHeight - 1);
                var y0 = (int)at;
                var down = at - y0;
                var top = source + (long)y0 * rowBytes;
                var bottom = source + (long)Math.Min(y0 + 1, sourceHeight - 1) * rowBytes;
                var r = tensor + (y + offsetY) * inputWidth + offsetX;
                var g = r + plane;
                var b = g + plane;
                for (var x = 0; x < width; x++)
                {
                    int l = lefts[x], rt = rights[x];
                    var w = weights[x];
                    r[x] = Lerp(top, bottom, l + first, rt + first, w, down) * scale;
                    g[x] = Lerp(top, bottom, l + 1, rt + 1, w, down) * scale;
                    b[x] = Lerp(top, bottom, l + third, rt + third, w, down) * scale;
                }
            }
        }
    }

    private static unsafe float Lerp(byte* top, byte* bottom, int left, int right, float towardsRight, float down)
    {
        var upper = top[left] + (top[right] - top[left]) * towardsRight;
        var lower = bottom[left] + (bottom[right] - bottom[left]) * towardsRight;
        return upper + (lower - upper) * down;
    }
}
