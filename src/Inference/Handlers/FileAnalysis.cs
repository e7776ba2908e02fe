using Hsi.Domain.Common;
using System.Diagnostics;
using Hsi.Domain.Media;
using Hsi.Domain.Zones;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Inference.Video;
using Hsi.Projections.EventStore;
using Marten;

namespace Hsi.Inference.Handlers;

/// <summary>An object the detector found, and in which second of a clip (null in a picture).</summary>
public sealed record FoundObject(DetectedObject Object, double? FrameSeconds);

/// <summary>
/// What one run of a detector over one file found, how long it took, the grey thumbnail of its picture
/// (a clip's first frame), and the pixel size its boxes are in.
/// </summary>
public sealed record FileAnalysisResult(IReadOnlyList<FoundObject> Objects, AnalysisTimings Timings, VideoInfo? Video, byte[]? Thumbnail, FrameSize Frame);

/// <summary>
/// One run of a detector over one camera file (every sampled frame of a clip): what the analysis
/// of a new file and a detector replay of a stored one both do, so they see a file the same way.
/// </summary>
public static class FileAnalysis
{
    /// <param name="minConfidence">The confidence threshold in force.</param>
    /// <exception cref="MediaUnreadableException">The file does not decode, or a clip has no frames.</exception>
    public static async Task<FileAnalysisResult> RunAsync(
        OnnxDetector detector, CameraFile file, MediaType type, AnalysisSettings settings, CancellationToken ct, float minConfidence)
    {
        var watch = Stopwatch.StartNew();
        var result = type == MediaType.Video
            ? await AnalyzeVideoAsync(detector, file, settings, minConfidence, ct)
            : await AnalyzeImageAsync(detector, file, minConfidence, ct);
        return result with { Timings = result.Timings with { TotalMs = watch.Elapsed.TotalMilliseconds } };
    }

    /// <summary>
    /// The objects as recorded detections, numbered with <paramref name="ids"/> (one per object, in order),
    /// each with the camera's <paramref name="zones"/> it stands in.
    /// </summary>
    public static IReadOnlyList<RecordedDetection> Recorded(
        IReadOnlyList<FoundObject> objects, IReadOnlyList<long> ids, DateTimeOffset receivedAt, FrameSize frame, IReadOnlyList<CameraZone> zones) =>
        objects.Select((o, i) => new RecordedDetection(
            ids[i], o.Object.ObjectType, Math.Round(o.Object.Confidence, 4),
            o.Object.X, o.Object.Y, o.Object.Width, o.Object.Height,
            StoredTime.Of(receivedAt.AddSeconds(o.FrameSeconds ?? 0)), o.FrameSeconds,
            ZoneMembership.ZonesOf(o.Object.X, o.Object.Y, o.Object.Width, o.Object.Height, frame.Width, frame.Height, zones))).ToList();

    /// <summary>Integer ids from the schema's sequence, taken once and written into the event.</summary>
    public static async Task<IReadOnlyList<long>> NextDetectionIdsAsync(IDocumentSession session, int count, CancellationToken ct) =>
        count == 0 ? [] : await session.QueryAsync<long>(
            $"select nextval('{StoreSchema.Qualified(StoreSchema.DetectionIdSequence)}') from generate_series(1, ?)", ct, count);

    /// <summary>The model as recorded with an analysis.</summary>
    public static AnalysisModel RecordedModel(ModelInfo model) =>
        new(model.Name, model.Version, model.Family.ToString().ToLowerInvariant(), model.Provider);

    private static async Task<FileAnalysisResult> AnalyzeImageAsync(OnnxDetector detector, CameraFile file, float minConfidence, CancellationToken ct)
    {
        var result = detector.Detect(await file.ReadAllBytesAsync(ct), minConfidence);
        var t = result.Timings;
        return new FileAnalysisResult(result.Objects.Select(o => new FoundObject(o, null)).ToList(),
            new AnalysisTimings(t.PreprocessMs, t.InferenceMs, t.PostprocessMs, 0, 1), null, result.Thumbnail, FrameOf(result));
    }

    private static async Task<FileAnalysisResult> AnalyzeVideoAsync(
        OnnxDetector detector, CameraFile clip, AnalysisSettings settings, float minConfidence, CancellationToken ct)
    {
        var decode = Stopwatch.StartNew();
        var video = await FrameSampler.ProbeAsync(clip, detector.MaxImagePixels, ct);
        var frames = await FrameSampler.SampleAsync(clip, video, settings.VideoSampleFps, settings.VideoMaxFrames, ct);
        if (frames.Count == 0) throw new MediaUnreadableException("clip has no decodable frames");
        double decodeMs = decode.Elapsed.TotalMilliseconds, inferenceMs = 0, postMs = 0;
        var found = new List<FoundObject>();
        byte[]? thumbnail = null;
        FrameSize? size = video.Width is { } w && video.Height is { } h ? new FrameSize(w, h) : null;
        foreach (var frame in frames)
        {
            var result = detector.Detect(frame.Jpeg, minConfidence);
            thumbnail ??= result.Thumbnail;
            size ??= new FrameSize((int)Math.Round(result.ImageWidth * frame.Scale), (int)Math.Round(result.ImageHeight * frame.Scale));
            decodeMs += result.Timings.PreprocessMs;
            inferenceMs += result.Timings.InferenceMs;
            postMs += result.Timings.PostprocessMs;
            // Boxes in the clip's own pixels, not those of the (possibly smaller) sampled frame.
            found.AddRange(result.Objects.Select(o => new FoundObject(o.ScaledBy(frame.Scale), Math.Round(frame.Seconds, 3))));
        }
        return new FileAnalysisResult(found, new AnalysisTimings(decodeMs, inferenceMs, postMs, 0, frames.Count), video, thumbnail, size!);
    }

    /// <summary>The picture's size, as the detector decoded it.</summary>
    public static FrameSize FrameOf(DetectionResult result) => new(result.ImageWidth, result.ImageHeight);
}
