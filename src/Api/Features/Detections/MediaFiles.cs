using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Inference.Video;
using Hsi.Projections.Detections;
using SkiaSharp;

namespace Hsi.Api.Features.Detections;

/// <summary>A picture to send: its content, length and type.</summary>
public sealed record Picture(Stream Content, long Length, string ContentType) : IDisposable
{
    public void Dispose() => Content.Dispose();
}

/// <summary>
/// Pictures derived from camera files, made once and cached under DATA_DIR: a detection's
/// thumbnail with its box drawn, and the frame of a clip a video detection was found in. The
/// camera file is opened (<see cref="CameraFileAccess"/>) on every request, cached or not, so a
/// file since deleted or swapped for a link is served by none of them. Both throw
/// <see cref="CameraFileRefusedException"/> or <see cref="MediaUnreadableException"/>.
/// </summary>
public sealed class MediaFiles(HsiSettings settings, CameraFileAccess files)
{
    private const int ThumbnailMaxSide = 640;
    private readonly string _thumbnails = Path.Combine(settings.DataDir, "thumbnails");
    private readonly string _frames = Path.Combine(settings.DataDir, "frames");

    /// <summary>The status for a refused camera file: 403 for one outside CAMERA_ROOT, else 404.</summary>
    public static int StatusFor(CameraFileRefusedException refused) =>
        refused.Problem == CameraFileProblem.OutsideRoot ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;

    /// <summary>Why a detection's pictures are gone for good (its file was evicted for disk space), or null while they are kept.</summary>
    public static string? WhyEvicted(DetectionView d) => d.MediaEvictedAt is { } at
        ? $"The media file of detection {d.Id} and the pictures made from it were evicted at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} to keep storage within STORAGE_MAX_GB / STORAGE_MIN_FREE_PERCENT; the detection stays on record"
        : null;

    /// <summary>The picture the detection was found in: the image file, or the extracted video frame.</summary>
    public async Task<Picture> SourcePictureAsync(DetectionView d, CancellationToken ct)
    {
        var source = files.Open(d.FilePath);
        if (d.MediaType == MediaType.Image) return new Picture(source.Stream, source.Length, d.FileType);
        using (source)
        {
            var frame = File.OpenRead(await FrameAsync(source, d, ct));
            return new Picture(frame, frame.Length, "image/jpeg");
        }
    }

    /// <summary>A JPEG of the picture, at most 640 px a side, with the detection's box and label drawn.</summary>
    public async Task<string> ThumbnailAsync(DetectionView d, CancellationToken ct)
    {
        using var source = files.Open(d.FilePath);
        // Keyed by the media (a UUID) too: detection ids restart with a new database, DATA_DIR may not.
        var path = Path.Combine(_thumbnails, d.MediaId.ToString(), $"{d.Id}.jpg");
        if (File.Exists(path)) return path;

        var encoded = d.MediaType == MediaType.Image
            ? await source.ReadAllBytesAsync(ct)
            : await File.ReadAllBytesAsync(await FrameAsync(source, d, ct), ct);
        using var picture = ImageDecoding.Decode(encoded, ThumbnailMaxSide, ThumbnailMaxSide, settings.MaxImagePixels, out var original);
        var scale = Math.Min(1f, ThumbnailMaxSide / (float)Math.Max(original.Width, original.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(original.Width * scale)), Math.Max(1, (int)(original.Height * scale)));
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        using (var image = SKImage.FromBitmap(picture))
            canvas.DrawImage(image, SKRect.Create(info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));

        var box = SKRect.Create(d.BboxX * scale, d.BboxY * scale, d.BboxWidth * scale, d.BboxHeight * scale);
        using var stroke = new SKPaint { Color = SKColors.Red, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(2, info.Width / 200f), IsAntialias = true };
        canvas.DrawRect(box, stroke);
        using var font = new SKFont(SKTypeface.Default, Math.Max(12, info.Width / 40f));
        using var fill = new SKPaint { Color = SKColors.Red };
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        var label = $"{d.ObjectType} {d.Confidence:0.00}";
        var labelWidth = font.MeasureText(label);
        var labelTop = Math.Max(0, box.Top - font.Size - 4);
        canvas.DrawRect(SKRect.Create(box.Left, labelTop, labelWidth + 6, font.Size + 4), fill);
        canvas.DrawText(label, box.Left + 3, labelTop + font.Size, SKTextAlign.Left, font, text);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 85);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        await using (var file = File.Create(temp)) data.SaveTo(file);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>The frame of the clip the detection was found in, extracted once into DATA_DIR.</summary>
    private async Task<string> FrameAsync(CameraFile clip, DetectionView d, CancellationToken ct)
    {
        var seconds = d.FrameSeconds ?? 0;
        var frame = Path.Combine(_frames, $"{d.MediaId}_{seconds:0.000}.jpg");
        if (!File.Exists(frame) && !await FrameSampler.ExtractFrameAsync(clip, seconds, frame, settings.MaxImagePixels, ct))
            throw new MediaUnreadableException($"the clip has no frame at {seconds:0.###} s");
        return frame;
    }
}
