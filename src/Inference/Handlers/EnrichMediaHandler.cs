using System.Diagnostics;
using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Inference.Enrichment;
using Hsi.Inference.Media;
using Hsi.Projections.EventStore;
using JasperFx;
using JasperFx.Events;
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
/// The enrichment stage, a batch of files at a time on its own durable queue (<c>enrichment</c>, so it can move to GPU
/// workers by configuration): reads the files' media streams in one round trip, runs the enrichment models over each
/// file's current detections (<see cref="MediaEnrichment"/>), then per file appends DetectionEnriched with the version
/// read and lets every <see cref="IAppearanceRecorder"/> record what it found in the same session, so both commit or
/// neither. Each file commits on its own: grouping appends to the same media streams at the same moment, and a file
/// that lost that race is read and decided again (the models are not run again). Idempotent: a file already enriched
/// for its current analysis records nothing. A model's failure is an error in the event, never a failed message.
/// </summary>
public sealed class EnrichMediaHandler(ILogger<EnrichMediaHandler> logger)
{
    private const int ConcurrencyRetries = 5;

    /// <summary>The database: the batch again, then file by file, then the dead letters.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<Exception>().ScheduleRetry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));

    public async Task Handle(
        EnrichMedia[] batch, IDocumentStore store, IDetectionEnricher enricher, IEnumerable<IAppearanceRecorder> recorders,
        CameraFileAccess files, EnrichmentStageSettings settings, TimeProvider clock, CancellationToken ct)
    {
        IReadOnlyList<StreamRead<MediaFile>> media;
        await using (var query = store.QuerySession())
            media = await query.ReadStreamsAsync<MediaFile>(batch.Select(m => m.MediaId).Distinct().Select(StreamKeys.Media), ct);
        var recorderList = recorders.ToList();
        foreach (var file in media.Where(m => EnrichmentDecisions.AwaitsEnrichment(m.State)))
        {
            var watch = Stopwatch.StartNew();
            var found = await MediaEnrichment.RunAsync(enricher, files, file.State!, settings.MaxImagePixels, ct);
            PipelineMetrics.StageDuration.WithLabels("enrichment").Observe(watch.Elapsed.TotalSeconds);
            foreach (var error in found.SelectMany(d => d.Errors))
                logger.LogWarning("Enrichment of {MediaId}: {Model} failed ({Error})", file.State!.MediaId, error.ModelName, error.Error);
            await RecordAsync(store, file.State!.MediaId, found, recorderList, clock, ct);
        }
    }

    private static async Task RecordAsync(
        IDocumentStore store, Guid mediaId, IReadOnlyList<DetectionEnrichment> found, IReadOnlyList<IAppearanceRecorder> recorders,
        TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var media = await session.ReadStreamAsync<MediaFile>(StreamKeys.Media(mediaId), ct);
            var decision = EnrichmentDecisions.Enrich(new RecordEnrichment(mediaId, found, clock.GetUtcNow()), media.State);
            if (!decision.Succeeded || decision.Events.Count == 0) return;
            session.Append(media, decision);
            foreach (var enriched in decision.Events.OfType<DetectionEnriched>())
                foreach (var recorder in recorders) await recorder.RecordAsync(session, enriched, ct);
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException && attempt < ConcurrencyRetries)
            {
                // Grouping (or a replay) appended to the stream meanwhile: read it again and decide again.
            }
        }
    }
}
