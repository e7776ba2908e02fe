using System.Diagnostics;
using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Inference.Enrichment;
using Hsi.Inference.Media;
using Hsi.Projections.EventStore;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Enrich an analysed file's detections (<see cref="EnrichMediaHandler"/>); sent with MediaAnalyzed and
/// MediaReanalyzed, in their transaction.
/// </summary>
public sealed record EnrichMedia(Guid MediaId)
{
    /// <summary>The message an analysis of <paramref name="detections"/> detections sends, or null: none found, or the stage is off.</summary>
    public static EnrichMedia? After(Guid mediaId, int detections, EnrichmentStageSettings settings) =>
        settings.Enabled && detections > 0 ? new EnrichMedia(mediaId) : null;
}

/// <summary>
/// The enrichment stage, a batch of files at a time on its own durable queue (<c>enrichment</c>, so it can
/// move to GPU workers by configuration): reads the files' media streams in one round trip, runs the
/// enrichment models over each file's current detections (<see cref="MediaEnrichment"/>), appends
/// DetectionEnriched with the version read, and lets every <see cref="IAppearanceRecorder"/> record what it
/// found in the same session, so both commit or neither. Idempotent: a file already enriched for its current
/// analysis records nothing. A model's failure is an error in the event, never a failed message.
/// </summary>
public sealed class EnrichMediaHandler(ILogger<EnrichMediaHandler> logger)
{
    /// <summary>The database, or a concurrent append: read again and decide again; then file by file, then the dead letters.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<Exception>().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));

    public async Task Handle(
        EnrichMedia[] batch, IDocumentSession session, IDetectionEnricher enricher, IEnumerable<IAppearanceRecorder> recorders,
        CameraFileAccess files, EnrichmentStageSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var media = await session.ReadStreamsAsync<MediaFile>(batch.Select(m => m.MediaId).Distinct().Select(StreamKeys.Media), ct);
        var enrichedCount = 0;
        foreach (var file in media.Where(m => EnrichmentDecisions.AwaitsEnrichment(m.State)))
        {
            var watch = Stopwatch.StartNew();
            var found = await MediaEnrichment.RunAsync(enricher, files, file.State!, settings.MaxImagePixels, ct);
            PipelineMetrics.StageDuration.WithLabels("enrichment").Observe(watch.Elapsed.TotalSeconds);
            var decision = EnrichmentDecisions.Enrich(new RecordEnrichment(file.State!.MediaId, found, clock.GetUtcNow()), file.State);
            session.Append(file, decision);
            foreach (var enriched in decision.Events.OfType<DetectionEnriched>())
            {
                foreach (var recorder in recorders) await recorder.RecordAsync(session, enriched, ct);
                enrichedCount += enriched.Detections.Count;
                foreach (var error in enriched.Detections.SelectMany(d => d.Errors))
                    logger.LogWarning("Enrichment of {MediaId}: {Model} failed ({Error})", enriched.MediaId, error.ModelName, error.Error);
            }
        }
        logger.LogDebug("Enriched {Detections} detections of {Files} files", enrichedCount, batch.Length);
    }
}
