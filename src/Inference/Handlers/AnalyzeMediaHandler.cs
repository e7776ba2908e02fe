using System.Diagnostics;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Inference.Video;
using Marten;
using Microsoft.Extensions.Logging;
using Prometheus;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Runs the detector over one accepted file and appends MediaAnalyzed (or MediaRejected when the
/// file can never be read, or is no longer one <see cref="CameraFileAccess"/> opens). Idempotent: the append expects the stream to hold only MediaReceived,
/// so a retried or duplicated message never records detections twice.
/// </summary>
public sealed class AnalyzeMediaHandler(ILogger<AnalyzeMediaHandler> logger)
{
    /// <summary>SPEC.md §2.5: 3 retries with exponential backoff (1 s base, ×2) and jitter, then the dead-letter storage.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<Exception>()
            .ScheduleRetry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4))
            .WithExponentialJitter();

    public async Task<OutgoingMessages> Handle(
        AnalyzeMedia message, IDocumentSession session, IMessageContext context, DetectorHost detectors,
        AnalysisSettings settings, ILiveSettings live, CameraFileAccess files, TimeProvider clock, CancellationToken ct)
    {
        var none = new OutgoingMessages();
        var key = StreamKeys.Media(message.MediaId);
        var events = await session.Events.FetchStreamAsync(key, token: ct);
        var (state, received) = MediaStream.Fold(events.Select(e => e.Data));
        if (state != MediaState.Received || received is null)
        {
            logger.LogDebug("Media {MediaId} is {State}; nothing to do", message.MediaId, state);
            return none;
        }

        if (detectors.TryGet() is not { } detector)
        {
            // No model yet: the file waits (durably scheduled), it is not lost or dead-lettered.
            await context.ScheduleAsync(message, TimeSpan.FromSeconds(settings.ModelWaitSeconds));
            return none;
        }

        using var analysing = PipelineMetrics.MediaInAnalysis.TrackInProgress();
        var watch = Stopwatch.StartNew();
        MediaAnalyzed analyzed;
        try
        {
            using var file = files.Open(received.FilePath);
            var minConfidence = (float)(await live.CurrentAsync(ct)).DetectionConfidenceThreshold;
            var analysis = received.MediaType == MediaType.Video
                ? await AnalyzeVideoAsync(detector, file, settings, minConfidence, ct)
                : await AnalyzeImageAsync(detector, file, minConfidence, ct);
            var ids = await NextDetectionIdsAsync(session, analysis.Objects.Count, ct);
            var detections = analysis.Objects.Select((o, i) => new RecordedDetection(
                ids[i], o.Object.ObjectType, Math.Round(o.Object.Confidence, 4),
                o.Object.X, o.Object.Y, o.Object.Width, o.Object.Height,
                ToMicroseconds(received.ReceivedAt.AddSeconds(o.FrameSeconds ?? 0)), o.FrameSeconds)).ToList();
            var timings = analysis.Timings with { TotalMs = watch.Elapsed.TotalMilliseconds };
            var model = detector.Model;
            analyzed = new MediaAnalyzed(received.MediaId, received.CameraId, received.FilePath, received.FileType,
                received.MediaType, new AnalysisModel(model.Name, model.Version, model.Family.ToString().ToLowerInvariant(), model.Provider),
                timings, analysis.Video, detections, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is MediaUnreadableException or CameraFileRefusedException)
        {
            logger.LogWarning("Rejected {Path}: {Reason}", received.FilePath, ex.Message);
            session.Events.Append(key, events.Count + 1L,
                new MediaRejected(received.MediaId, received.CameraId, received.FilePath, ex.Message, clock.GetUtcNow()));
            PipelineMetrics.MediaProcessed.WithLabels("rejected").Inc();
            PipelineMetrics.PipelineErrors.WithLabels("media_unreadable").Inc();
            return none;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PipelineMetrics.PipelineErrors.WithLabels("analysis_failed").Inc();
            throw;
        }

        session.Events.Append(key, events.Count + 1L, analyzed);
        Record(analyzed);
        logger.LogInformation("Analysed {CameraId} {File}: {Detections} detections in {Ms:F0} ms",
            analyzed.CameraId, Path.GetFileName(analyzed.FilePath), analyzed.Detections.Count, analyzed.Timings.TotalMs);
        var messages = new OutgoingMessages();
        if (analyzed.Detections.Count > 0)
            // Durable with MediaAnalyzed (same transaction): the detections are sure to reach a security event.
            messages.Add(new GroupDetections(analyzed.CameraId, analyzed.MediaId, analyzed.Detections
                .Select(d => new BatchedDetection(d.DetectionId, analyzed.MediaId, d.ObjectType, d.Confidence, d.X, d.Y, d.Width, d.Height, d.DetectedAt))
                .ToList()));
        return messages;
    }

    private sealed record FoundObject(DetectedObject Object, double? FrameSeconds);

    private sealed record Analysis(IReadOnlyList<FoundObject> Objects, AnalysisTimings Timings, VideoInfo? Video);

    private static async Task<Analysis> AnalyzeImageAsync(OnnxDetector detector, CameraFile file, float minConfidence, CancellationToken ct)
    {
        var result = detector.Detect(await file.ReadAllBytesAsync(ct), minConfidence);
        var t = result.Timings;
        return new Analysis(result.Objects.Select(o => new FoundObject(o, null)).ToList(),
            new AnalysisTimings(t.PreprocessMs, t.InferenceMs, t.PostprocessMs, 0, 1), null);
    }

    private static async Task<Analysis> AnalyzeVideoAsync(
        OnnxDetector detector, CameraFile clip, AnalysisSettings settings, float minConfidence, CancellationToken ct)
    {
        var decode = Stopwatch.StartNew();
        var video = await FrameSampler.ProbeAsync(clip, detector.MaxImagePixels, ct);
        var frames = await FrameSampler.SampleAsync(clip, video, settings.VideoSampleFps, settings.VideoMaxFrames, ct);
        if (frames.Count == 0) throw new MediaUnreadableException("clip has no decodable frames");
        double decodeMs = decode.Elapsed.TotalMilliseconds, inferenceMs = 0, postMs = 0;
        var found = new List<FoundObject>();
        foreach (var frame in frames)
        {
            var result = detector.Detect(frame.Jpeg, minConfidence);
            decodeMs += result.Timings.PreprocessMs;
            inferenceMs += result.Timings.InferenceMs;
            postMs += result.Timings.PostprocessMs;
            // Boxes in the clip's own pixels, not those of the (possibly smaller) sampled frame.
            found.AddRange(result.Objects.Select(o => new FoundObject(o.ScaledBy(frame.Scale), Math.Round(frame.Seconds, 3))));
        }
        return new Analysis(found, new AnalysisTimings(decodeMs, inferenceMs, postMs, 0, frames.Count), video);
    }

    /// <summary>Integer ids from the schema's sequence, taken once and written into the event.</summary>
    private static async Task<IReadOnlyList<long>> NextDetectionIdsAsync(IDocumentSession session, int count, CancellationToken ct) =>
        count == 0 ? [] : await session.QueryAsync<long>(
            $"select nextval('{DetectionIdSequence.QualifiedName}') from generate_series(1, ?)", ct, count);

    /// <summary>PostgreSQL keeps microseconds; cursors compare exactly only if the events do too.</summary>
    private static DateTimeOffset ToMicroseconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % 10, t.Offset);

    private static void Record(MediaAnalyzed analyzed)
    {
        PipelineMetrics.MediaProcessed.WithLabels("analyzed").Inc();
        PipelineMetrics.DetectionsProcessed.Inc(analyzed.Detections.Count);
        foreach (var d in analyzed.Detections) PipelineMetrics.DetectionsByClass.WithLabels(d.ObjectType).Inc();
        PipelineMetrics.StageDuration.WithLabels("decode").Observe(analyzed.Timings.DecodeMs / 1000);
        PipelineMetrics.StageDuration.WithLabels("inference").Observe(analyzed.Timings.InferenceMs / 1000);
        PipelineMetrics.StageDuration.WithLabels("postprocess").Observe(analyzed.Timings.PostprocessMs / 1000);
        PipelineMetrics.StageDuration.WithLabels("analysis_total").Observe(analyzed.Timings.TotalMs / 1000);
    }
}

/// <summary>The PostgreSQL sequence that numbers detections.</summary>
public static class DetectionIdSequence
{
    public const string Schema = "hsi";
    public const string Name = "detection_id_seq";
    public const string QualifiedName = Schema + "." + Name;
}
