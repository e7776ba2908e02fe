using SkiaSharp;

namespace Hsi.Inference.Enrichment;

/// <summary>Reads a crop's pixels as unpremultiplied RGBA whatever its colour type (a subset of the picture stays a view, not a copy).</summary>
internal static class CropPixels
{
    /// <summary>Calls <paramref name="read"/> with the crop's RGBA bytes and its row stride.</summary>
    public static T WithRgba<T>(SKBitmap crop, Func<IntPtr, int, T> read)
    {
        if (crop.ColorType == SKColorType.Rgba8888 && crop.AlphaType != SKAlphaType.Premul && crop.GetPixels() != IntPtr.Zero)
            return read(crop.GetPixels(), crop.RowBytes);
        using var rgba = new SKBitmap(new SKImageInfo(crop.Width, crop.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!crop.CopyTo(rgba, SKColorType.Rgba8888)) throw new InvalidOperationException($"cannot read a {crop.ColorType} crop");
        return read(rgba.GetPixels(), rgba.RowBytes);
    }
}
