using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Inference.Enrichment;
using Hsi.Inference.Media;
using Hsi.Inference.Video;
using SkiaSharp;

namespace Hsi.Inference.Handlers;

/// <summary>
/// One run of the enrichment models over a file's current detections: what the stage and an enrichment
/// replay both do. A picture is decoded once at full size; a clip's detection is enriched on the frame it was
/// found in (its <c>frame_seconds</c>), extracted at the clip's own size, so its box needs no scaling.
/// A file that can no longer be read is no failed message: each detection records the error.
/// </summary>
public static class MediaEnrichment
{
    public const string FileGroup = "file";

    public static async Task<IReadOnlyList<DetectionEnrichment>> RunAsync(
        IDetectionEnricher enricher, CameraFileAccess files, MediaFile media, long maxPixels, CancellationToken ct)
    {
        var received = media.Received!;
        var detections = media.Detections!;
        try
        {
            using var file = files.Open(received.FilePath);
            if (received.MediaType == MediaType.Image)
            {
                using var picture = ImageDecoding.Decode(await file.ReadAllBytesAsync(ct), maxPixels);
                return enricher.Enrich(picture, [.. detections.Select(TargetOf)]);
            }
            var enriched = new List<DetectionEnrichment>(detections.Count);
            foreach (var frame in detections.GroupBy(d => d.FrameSeconds ?? 0))
            {
                using var picture = await FrameAtAsync(file, frame.Key, maxPixels, ct);
                enriched.AddRange(enricher.Enrich(picture, [.. frame.Select(TargetOf)]));
            }
            return enriched;
        }
        catch (Exception ex) when (ex is MediaUnreadableException or CameraFileRefusedException)
        {
            return [.. detections.Select(d => Unreadable(d, ex.Message))];
        }
    }

    private static EnrichmentTarget TargetOf(RecordedDetection d) => new(d.DetectionId, d.ObjectType, d.X, d.Y, d.Width, d.Height);

    private static DetectionEnrichment Unreadable(RecordedDetection d, string reason) =>
        new(d.DetectionId, d.ObjectType, null, null, null, null, null, null, [new EnrichmentError(FileGroup, "decoder", $"file unreadable: {reason}")], [], 0);

    private static async Task<SKBitmap> FrameAtAsync(CameraFile clip, double seconds, long maxPixels, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("hsi-enrich-");
        try
        {
            var output = Path.Combine(dir.FullName, "frame.jpg");
            if (!await FrameSampler.ExtractFrameAsync(clip, seconds, output, maxPixels, ct))
                throw new MediaUnreadableException($"no frame at {seconds:0.###} s");
            return ImageDecoding.Decode(await File.ReadAllBytesAsync(output, ct), maxPixels);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
