using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>Strict decoding: a truncated or corrupt file is an error, not a half-grey picture.</summary>
public static class ImageDecoding
{
    /// <summary>The whole picture at full size.</summary>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded) => Decode(encoded, 0, 0, out _);

    /// <summary>
    /// The picture at the smallest size the codec decodes natively (JPEG: in eighths) that still
    /// covers <paramref name="fitWidth"/>×<paramref name="fitHeight"/> when scaled to fit: a
    /// 1080p frame bound for a 416-pixel model decodes at a quarter of the work.
    /// </summary>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded, int fitWidth, int fitHeight, out SKSizeI originalSize)
    {
        if (encoded.IsEmpty) throw new MediaUnreadableException("file is empty");
        using var data = SKData.CreateCopy(encoded);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var createResult)
            ?? throw new MediaUnreadableException($"not a decodable image ({createResult})");
        originalSize = codec.Info.Size;
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
