using SkiaSharp;

namespace Hsi.Inference.Detection;

/// <summary>Strict decoding: a truncated or corrupt file is an error, not a half-grey picture.</summary>
public static class ImageDecoding
{
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty) throw new MediaUnreadableException("file is empty");
        using var data = SKData.CreateCopy(encoded);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var createResult)
            ?? throw new MediaUnreadableException($"not a decodable image ({createResult})");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success) return bitmap;

        bitmap.Dispose();
        throw new MediaUnreadableException(result == SKCodecResult.IncompleteInput
            ? "image is truncated (incomplete data)"
            : $"image does not decode ({result})");
    }
}
