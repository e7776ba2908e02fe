using Hsi.Api.Configuration;
using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Inference.Video;
using Hsi.Projections.Detections;
using SkiaSharp;

namespace Hsi.Api.Features.Detections;

/// <summary>
/// Pictures derived from camera files, made once and cached under DATA_DIR: a detection's
/// thumbnail with its box drawn, and the frame of a clip a video detection was found in.
/// </summary>
public sealed class MediaFiles(HsiSettings settings)
{
    private const int ThumbnailMaxSide = 640;
    private readonly string _thumbnails = Path.Combine(settings.DataDir, "thumbnails");
    private readonly string _frames = Path.Combine(settings.DataDir, "frames");

    /// <summary>The picture the detection was found in: the image file, or the extracted video frame.</summary>
    public async Task<(string Path, string ContentType)?> SourcePictureAsync(DetectionView d, CancellationToken ct)
    {
        if (!File.Exists(d.FilePath)) return null;
        if (d.MediaType == MediaType.Image) return (d.FilePath, d.FileType);
        var seconds = d.FrameSeconds ?? 0;
        var frame = Path.Combine(_frames, $"{d.MediaId}_{seconds:0.000}.jpg");
        if (!File.Exists(frame) && !await FrameSampler.ExtractFrameAsync(d.FilePath, seconds, frame, ct)) return null;
        return (frame, "image/jpeg");
    }

    /// <summary>A JPEG of the picture, at most 640 px a side, with the detection's box and label drawn.</summary>
    public async Task<string?> ThumbnailAsync(DetectionView d, CancellationToken ct)
    {
        var path = Path.Combine(_thumbnails, $"{d.Id}.jpg");
        if (File.Exists(path)) return path;
        if (await SourcePictureAsync(d, ct) is not { } source) return null;

        using var picture = ImageDecoding.Decode(await File.ReadAllBytesAsync(source.Path, ct));
        var scale = Math.Min(1f, ThumbnailMaxSide / (float)Math.Max(picture.Width, picture.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(picture.Width * scale)), Math.Max(1, (int)(picture.Height * scale)));
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

        Directory.CreateDirectory(_thumbnails);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 85);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        await using (var file = File.Create(temp)) data.SaveTo(file);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
