using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>Strict decoding: a truncated or corrupt file is an error, not a half-grey picture.</summary>
public static class ImageDecoding
{
    /// <summary>MAX_IMAGE_PIXELS: 40 megapixels, a little over 8K UHD (33 MP); 160 MB decoded.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>The whole picture at full size.</summary>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded, long maxPixels) => Decode(encoded, 0, 0, maxPixels, out _);

    /// <summary>
    /// The picture at the smallest size the codec decodes natively (JPEG: in eighths) that still
    /// covers <paramref name="fitWidth"/>×<paramref name="fitHeight"/> when scaled to fit: a
    /// 1080p frame bound for a 416-pixel model decodes at a quarter of the work. A picture of more
    /// than <paramref name="maxPixels"/> is refused from its header, before any pixel is decoded:
    /// a small PNG can declare 20000x20000 and take gigabytes.
    /// </summary>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded, int fitWidth, int fitHeight, long maxPixels, out SKSizeI originalSize)
    {
        if (encoded.IsEmpty) throw new MediaUnreadableException("file is empty");
        using var data = SKData.CreateCopy(encoded);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var createResult)
            ?? throw new MediaUnreadableException($"not a decodable image ({createResult})");
        originalSize = codec.Info.Size;
        var pixels = (long)originalSize.Width * originalSize.Height;
        if (pixels > maxPixels)
            throw new MediaUnreadableException(
                $"image is {originalSize.Width}x{originalSize.Height} ({pixels:N0} pixels), over MAX_IMAGE_PIXELS={maxPixels}");
        var size = DecodeSize(codec, fitWidth, fitHeight);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success) return bitmap;

        bitmap.Dispose();
        throw new MediaUnreadableException(result == SKCodecResult.IncompleteInput
            ? "image is truncated (incomplete data)"
            : $"image does not decode ({result})");
    }

    private static SKSizeI DecodeSize(SKCodec codec, int fitWidth, int fitHeight)
    {
        var full = codec.Info.Size;
        if (fitWidth <= 0 || fitHeight <= 0) return full;
        var fit = Math.Min(fitWidth / (float)full.Width, fitHeight / (float)full.Height);
        var (needWidth, needHeight) = (full.Width * fit, full.Height * fit);
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var candidate = codec.GetScaledDimensions(eighths / 8f);
            if (candidate.Width >= needWidth && candidate.Height >= needHeight) return candidate;
        }
        return full;
    }
}
