using System.Numerics;
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
        if (image.GetPixels() == IntPtr.Zero) throw new MediaUnreadableException("the picture has no pixels");
        // The resampler reads unpremultiplied 8-bit RGBA or BGRA; anything else is converted first.
        if (image.ColorType is not (SKColorType.Rgba8888 or SKColorType.Bgra8888) || image.AlphaType == SKAlphaType.Premul)
        {
            using var rgba = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            if (!image.CopyTo(rgba, SKColorType.Rgba8888)) throw new MediaUnreadableException($"cannot convert a {image.ColorType} picture");
            Resample(rgba, scaledWidth, scaledHeight, inputWidth, offsetX, offsetY, plane, prep, chw);
        }
        else Resample(image, scaledWidth, scaledHeight, inputWidth, offsetX, offsetY, plane, prep, chw);
        return new LetterboxGeometry(sx, sy, padX, padY, image.Width, image.Height);
    }

    /// <summary>
    /// Bilinear resampling straight into the tensor, pixel centres mapped as Skia maps them, and
    /// separably: each source row is interpolated across once (two rows are kept), and the output
    /// rows are blended from them a vector at a time. 1.8 -> 0.5 ms for a fixture picture, against
    /// Skia's scaled copy followed by a layout pass.
    /// </summary>
    private static unsafe void Resample(SKBitmap image, int width, int height, int inputWidth, int offsetX, int offsetY, int plane,
        Preprocessing prep, Span<float> chw)
    {
        var (rowBytes, sourceWidth, sourceHeight) = (image.RowBytes, image.Width, image.Height);
        var bgrSource = image.ColorType == SKColorType.Bgra8888;
        var (first, third) = prep.Bgr != bgrSource ? (2, 0) : (0, 2);

        var left = new int[width];
        var right = new int[width];
        var towardsRight = new float[width];
        var stepX = sourceWidth / (float)width;
        for (var x = 0; x < width; x++)
        {
            var at = Math.Clamp((x + 0.5f) * stepX - 0.5f, 0, sourceWidth - 1);
            var x0 = (int)at;
            (left[x], right[x], towardsRight[x]) = (x0 * 4, Math.Min(x0 + 1, sourceWidth - 1) * 4, at - x0);
        }

        // Two source rows across, each as three planes of `width` floats, and which rows they hold.
        var across = new float[2][] { new float[3 * width], new float[3 * width] };
        var held = new[] { -1, -1 };
        float[] Across(int row, int keep)
        {
            var slot = held[0] == row ? 0 : held[1] == row ? 1 : held[0] == keep ? 1 : 0;
            if (held[slot] == row) return across[slot];
            held[slot] = row;
            var dst = across[slot];
            var src = (byte*)image.GetPixels() + (long)row * rowBytes;
            fixed (float* d = dst)
            fixed (int* l = left, r = right)
            fixed (float* w = towardsRight)
            {
                for (var x = 0; x < width; x++)
                {
                    byte* a = src + l[x], b = src + r[x];
                    var t = w[x];
                    d[x] = a[first] + (b[first] - a[first]) * t;
                    d[width + x] = a[1] + (b[1] - a[1]) * t;
                    d[2 * width + x] = a[third] + (b[third] - a[third]) * t;
                }
            }
            return dst;
        }

        var stepY = sourceHeight / (float)height;
        var scale = prep.Scale;
        for (var y = 0; y < height; y++)
        {
            var at = Math.Clamp((y + 0.5f) * stepY - 0.5f, 0, sourceHeight - 1);
            var y0 = (int)at;
            var y1 = Math.Min(y0 + 1, sourceHeight - 1);
            var top = Across(y0, y1);
            var bottom = Across(y1, y0);
            var down = at - y0;
            for (var c = 0; c < 3; c++)
            {
                var upper = top.AsSpan(c * width, width);
                var lower = bottom.AsSpan(c * width, width);
                var dst = chw.Slice(c * plane + (y + offsetY) * inputWidth + offsetX, width);
                Blend(upper, lower, down, scale, dst);
            }
        }
    }

    /// <summary>dst = (upper + (lower - upper) * down) * scale, a vector at a time.</summary>
    private static void Blend(ReadOnlySpan<float> upper, ReadOnlySpan<float> lower, float down, float scale, Span<float> dst)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (d, k) = (new Vector<float>(down), new Vector<float>(scale));
            for (; x <= dst.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                var u = new Vector<float>(upper[x..]);
                ((u + (new Vector<float>(lower[x..]) - u) * d) * k).CopyTo(dst[x..]);
            }
        }
        for (; x < dst.Length; x++) dst[x] = (upper[x] + (lower[x] - upper[x]) * down) * scale;
    }
}
