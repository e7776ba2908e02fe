using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Projections.EventStore;
using Hsi.Projections.Zones;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>Run the detector over an accepted file, together with the other files waiting (<see cref="AnalyzeMediaBatchHandler"/>).</summary>
public sealed record AnalyzeMediaInBatch(Guid MediaId);

/// <summary>
/// Analyses the accepted files waiting, a batch at a time (Wolverine message batching): their media
/// streams are read in one round trip, the next picture is decoded while the model runs on the
/// current one, every detection id comes from one nextval series, and all the MediaAnalyzed and
/// MediaRejected events with their GroupDetections are committed in one transaction. A file that
/// fails otherwise, a clip, and every file while the model is missing or broken go on alone as
/// their own <see cref="AnalyzeMedia"/>, queued in that same transaction: they retry and
/// dead-letter alone (<see cref="AnalyzeMediaHandler"/>) and never fail or repeat the others.
/// Idempotent as that handler is: only a stream that holds just MediaReceived is analysed, and the
/// append expects that version, so a duplicated or retried message records nothing twice.
/// </summary>
public sealed class AnalyzeMediaBatchHandler(ILogger<AnalyzeMediaBatchHandler> logger)
{
    /// <summary>The batch as a whole failed (the database, or a duplicate committed first): read again and decide again.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<Exception>().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));

    /// <summary>A file that awaits its analysis: its stream as read, and the file it accepted.</summary>
    private sealed record Waiting(StreamRead<MediaFile> Media)
    {
        public MediaReceived Received => Media.State!.Received!;
    }

    public async Task<OutgoingMessages> Handle(
        AnalyzeMediaInBatch[] batch, IDocumentSession session, DetectorHost detectors, ILiveSettings live,
        CameraFileAccess files, EnrichmentStageSettings enrichment, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var waiting = await ReceivedAsync(session, batch.Select(m => m.MediaId).Distinct().ToList(), ct);
        var detector = TryGetDetector(detectors);
        var images = new List<Waiting>();
        foreach (var file in waiting)
        {
            // A clip takes seconds and gains nothing here; waiting for a model is the single path's to do.
            if (detector is not null && file.Received.MediaType == MediaType.Image) images.Add(file);
            else messages.Add(new AnalyzeMedia(file.Received.MediaId));
        }
        if (images.Count == 0) return messages;

        var minConfidence = (float)(await live.CurrentAsync(ct)).DetectionConfidenceThreshold;
        PipelineMetrics.MediaInAnalysis.Inc(images.Count);
        try
        {
            return await AnalyzeAsync(images, detector!, minConfidence, messages, session, files, enrichment, clock, ct);
        }
        finally
        {
            PipelineMetrics.MediaInAnalysis.Dec(images.Count);
        }
    }

    private async Task<OutgoingMessages> AnalyzeAsync(
        List<Waiting> images, OnnxDetector detector, float minConfidence, OutgoingMessages messages,
        IDocumentSession session, CameraFileAccess files, EnrichmentStageSettings enrichment, TimeProvider clock, CancellationToken ct)
    {
        var found = new List<(Waiting File, DetectionResult Result)>();
        await foreach (var outcome in detector.DetectAllAsync(images, (w, token) => ReadAsync(files, w.Received.FilePath, token), minConfidence, ct: ct))
        {
            var received = outcome.Item.Received;
            switch (outcome.Error)
            {
                case null:
                    found.Add((outcome.Item, outcome.Result!));
                    break;
                case MediaUnreadableException or CameraFileRefusedException:
                    logger.LogWarning("Rejected {Path}: {Reason}", received.FilePath, outcome.Error.Message);
                    var media = outcome.Item.Media;
                    session.Append(media, MediaDecisions.RejectUnreadable(
                        new RejectUnreadableMedia(received.MediaId, outcome.Error.Message, clock.GetUtcNow()), media.State));
                    PipelineMetrics.MediaProcessed.WithLabels("rejected").Inc();
                    PipelineMetrics.PipelineErrors.WithLabels("media_unreadable").Inc();
                    break;
                default:
                    logger.LogWarning("Analysis of {Path} failed in a batch ({Error}); it is retried alone", received.FilePath, outcome.Error.Message);
                    PipelineMetrics.PipelineErrors.WithLabels("analysis_failed").Inc();
                    messages.Add(new AnalyzeMedia(received.MediaId));
                    break;
            }
        }

        var ids = new Queue<long>(await FileAnalysis.NextDetectionIdsAsync(session, found.Sum(f => f.Result.Objects.Count), ct));
        var zones = await session.EnabledZonesAsync([.. found.Select(f => f.File.Received.CameraId)], ct);
        var model = FileAnalysis.RecordedModel(detector.Model);
        var detections = 0;
        foreach (var (file, result) in found)
        {
            var r = file.Received;
            var t = result.Timings;
            var objects = result.Objects.Select(o => new FoundObject(o, null)).ToList();
            var decision = MediaDecisions.RecordAnalysis(new RecordAnalysis(r.MediaId, model,
                new AnalysisTimings(t.PreprocessMs, t.InferenceMs, t.PostprocessMs, t.PreprocessMs + t.InferenceMs + t.PostprocessMs, 1), null,
                FileAnalysis.Recorded(objects, [.. objects.Select(_ => ids.Dequeue())], r.ReceivedAt, FileAnalysis.FrameOf(result), zones[r.CameraId]),
                Math.Round(minConfidence, 4), clock.GetUtcNow(), FileAnalysis.FrameOf(result)), file.Media.State);
            session.Append(file.Media, decision);
            var analyzed = decision.Events.OfType<MediaAnalyzed>().Single();
            AnalyzeMediaHandler.Record(analyzed);
            if (AnalyzeMediaHandler.GroupingOf(analyzed) is { } grouping) messages.Add(grouping);
            if (AnalyzeMediaHandler.SceneCheckOf(analyzed, result.Thumbnail) is { } check) messages.Add(check);
            if (EnrichMedia.After(analyzed.MediaId, analyzed.Detections.Count, enrichment) is { } enrich) messages.Add(enrich);
            detections += analyzed.Detections.Count;
        }
        logger.LogInformation("Analysed {Files} files in one batch: {Detections} detections", found.Count, detections);
        return messages;
    }

    /// <summary>The media that are still waiting for their analysis, and their stream versions, read in one round trip.</summary>
    private static async Task<IReadOnlyList<Waiting>> ReceivedAsync(IDocumentSession session, IReadOnlyList<Guid> mediaIds, CancellationToken ct) =>
        [.. (await session.ReadStreamsAsync<MediaFile>(mediaIds.Select(StreamKeys.Media), ct))
            .Where(m => MediaDecisions.AwaitsAnalysis(m.State)).Select(m => new Waiting(m))];

    private OnnxDetector? TryGetDetector(DetectorHost detectors)
    {
        try
        {
            return detectors.TryGet();
        }
        catch (Exception ex)
        {
            // A broken model: each file meets it again alone, and retries and dead-letters there.
            logger.LogWarning("Detector unavailable for a batch: {Error}", ex.Message);
            return null;
        }
    }

    private static async Task<PooledBytes> ReadAsync(CameraFileAccess files, string path, CancellationToken ct)
    {
        using var file = files.Open(path);
        return await file.ReadPooledAsync(ct);
    }
}
