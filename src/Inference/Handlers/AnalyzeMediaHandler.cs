using System.Diagnostics;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.Scenes;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Detection;
using Hsi.Inference.Media;
using Hsi.Inference.Video;
using Hsi.Projections.EventStore;
using Hsi.Projections.Zones;
using Marten;
using Microsoft.Extensions.Logging;
using Prometheus;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Runs the detector over one accepted file and appends MediaAnalyzed (or MediaRejected when the
/// file can never be read, or is no longer one <see cref="CameraFileAccess"/> opens). Idempotent: only a file that awaits its
/// analysis is analysed, and the append expects the version read, so a retried or duplicated message never records detections twice.
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
        AnalysisSettings settings, ILiveSettings live, CameraFileAccess files, EnrichmentStageSettings enrichment, TimeProvider clock,
        CancellationToken ct)
    {
        var none = new OutgoingMessages();
        var media = await session.ReadStreamAsync<MediaFile>(StreamKeys.Media(message.MediaId), ct);
        if (!MediaDecisions.AwaitsAnalysis(media.State))
        {
            logger.LogDebug("Media {MediaId} is {State}; nothing to do", message.MediaId, media.State?.State ?? MediaState.Unknown);
            return none;
        }
        var received = media.State!.Received!;

        if (detectors.TryGet() is not { } detector)
        {
            // No model yet: the file waits (durably scheduled), it is not lost or dead-lettered.
            await context.ScheduleAsync(message, TimeSpan.FromSeconds(settings.ModelWaitSeconds));
            return none;
        }

        using var analysing = PipelineMetrics.MediaInAnalysis.TrackInProgress();
        Decision decision;
        byte[]? thumbnail;
        try
        {
            using var file = files.Open(received.FilePath);
            var minConfidence = (float)(await live.CurrentAsync(ct)).DetectionConfidenceThreshold;
            var analysis = await FileAnalysis.RunAsync(detector, file, received.MediaType, settings, ct, minConfidence);
            thumbnail = analysis.Thumbnail;
            var ids = await FileAnalysis.NextDetectionIdsAsync(session, analysis.Objects.Count, ct);
            var zones = (await session.EnabledZonesAsync([received.CameraId], ct))[received.CameraId];
            decision = MediaDecisions.RecordAnalysis(new RecordAnalysis(received.MediaId, FileAnalysis.RecordedModel(detector.Model),
                analysis.Timings, analysis.Video, FileAnalysis.Recorded(analysis.Objects, ids, received.ReceivedAt, analysis.Frame, zones),
                Math.Round(minConfidence, 4), clock.GetUtcNow(), analysis.Frame), media.State);
        }
        catch (Exception ex) when (ex is MediaUnreadableException or CameraFileRefusedException)
        {
            logger.LogWarning("Rejected {Path}: {Reason}", received.FilePath, ex.Message);
            session.Append(media, MediaDecisions.RejectUnreadable(new RejectUnreadableMedia(received.MediaId, ex.Message, clock.GetUtcNow()), media.State));
            PipelineMetrics.MediaProcessed.WithLabels("rejected").Inc();
            PipelineMetrics.PipelineErrors.WithLabels("media_unreadable").Inc();
            return none;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PipelineMetrics.PipelineErrors.WithLabels("analysis_failed").Inc();
            throw;
        }

        session.Append(media, decision);
        var analyzed = decision.Events.OfType<MediaAnalyzed>().Single();
        Record(analyzed);
        logger.LogInformation("Analysed {CameraId} {File}: {Detections} detections in {Ms:F0} ms",
            analyzed.CameraId, Path.GetFileName(analyzed.FilePath), analyzed.Detections.Count, analyzed.Timings.TotalMs);
        var messages = new OutgoingMessages();
        if (GroupingOf(analyzed) is { } grouping) messages.Add(grouping);
        if (SceneCheckOf(analyzed, thumbnail) is { } check) messages.Add(check);
        if (EnrichMedia.After(analyzed.MediaId, analyzed.Detections.Count, enrichment) is { } enrich) messages.Add(enrich);
        return messages;
    }

    /// <summary>The file's picture for its camera's scene check (SceneCheckHandler), sent with MediaAnalyzed like its detections.</summary>
    internal static CheckScene? SceneCheckOf(MediaAnalyzed analyzed, byte[]? thumbnail) =>
        thumbnail is null ? null : new CheckScene(analyzed.CameraId, analyzed.MediaId, analyzed.FilePath, thumbnail);

    /// <summary>
    /// The file's detections for its camera's security event, or null when it has none. Sent with
    /// MediaAnalyzed (same transaction): the detections are sure to reach a security event.
    /// </summary>
    internal static GroupDetections? GroupingOf(MediaAnalyzed analyzed) =>
        analyzed.Detections.Count == 0
            ? null
            : new GroupDetections(analyzed.CameraId, analyzed.MediaId, analyzed.Detections
                .Select(d => new BatchedDetection(d.DetectionId, analyzed.MediaId, d.ObjectType, d.Confidence, d.X, d.Y, d.Width, d.Height, d.DetectedAt, d.ZoneIds))
                .ToList(), analyzed.Frame);

    internal static void Record(MediaAnalyzed analyzed)
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
