using Hsi.Api.Features.Jobs;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Inference.Enrichment;
using Hsi.Inference.Handlers;
using Hsi.Inference.Media;
using Hsi.Projections.EventStore;
using Hsi.Projections.Media;
using JasperFx;
using JasperFx.Events;

namespace Hsi.Api.Features.Enrichment.Reenrich;

/// <summary>What an enrichment replay runs over: files by id, or the analysed files of a window (and camera).</summary>
public sealed record ReenrichParameters(
    IReadOnlyList<Guid>? MediaIds = null, DateTimeOffset? StartDate = null, DateTimeOffset? EndDate = null, string? CameraId = null);

/// <summary>One file: how many detections were enriched, and how many model errors they recorded.</summary>
public sealed record ReenrichedMedia(Guid MediaId, string FilePath, int Detections, int Errors);

public sealed record ReenrichTotals(int Files, int Enriched, int Skipped, int Detections, int Errors);

/// <summary>The enrichment replay's report (the job's result).</summary>
public sealed record ReenrichReport(
    Guid ReplayId, IReadOnlyList<string> LoadedModels, ReenrichTotals Totals, IReadOnlyList<ReenrichedMedia> Media, IReadOnlyList<SkippedEnrichment> Skipped);

public sealed record SkippedEnrichment(Guid MediaId, string Reason);

/// <summary>
/// <c>reenrich</c>: runs the enrichment models as they are now (a new model, a fixed one) over stored files, opened
/// only through <see cref="CameraFileAccess"/>, and appends a new DetectionEnriched per file with the job as its
/// replay id; it is each detection's enrichment from then on, and the older ones stay in the stream. The appearance
/// recorders see it in the same session, as they see the stage's.
/// </summary>
public sealed class ReenrichJob(
    IDocumentStore store, IDetectionEnricher enricher, IEnumerable<IAppearanceRecorder> recorders, CameraFileAccess files,
    EnrichmentStageSettings stage, TimeProvider clock) : IJobKind
{
    public const string KindName = "reenrich";
    private const int ConcurrencyRetries = 3;

    public string Kind => KindName;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var parameters = job.ParametersAs<ReenrichParameters>();
        Guid[] ids;
        await using (var query = store.QuerySession()) ids = await SelectAsync(query, parameters, ct);
        var loaded = enricher.Models.Where(m => m.Status == "loaded").Select(m => m.Name).ToList();
        await job.LogAsync("info", $"Re-enriching {ids.Length} file(s) with {string.Join(", ", loaded)}", new { models = loaded });

        var done = new List<ReenrichedMedia>();
        var skipped = new List<SkippedEnrichment>();
        var lastPercent = -1;
        for (var i = 0; i < ids.Length; i++)
        {
            switch (await ReenrichAsync(ids[i], job.JobId, ct))
            {
                case ReenrichedMedia row:
                    done.Add(row);
                    await job.LogAsync(row.Errors == 0 ? "info" : "warning",
                        $"{row.FilePath}: {row.Detections} detection(s) enriched, {row.Errors} model error(s)", row);
                    break;
                case SkippedEnrichment skip:
                    skipped.Add(skip);
                    await job.LogAsync("info", $"Media {skip.MediaId} skipped: {skip.Reason}");
                    break;
            }
            var percent = (int)(100L * (i + 1) / ids.Length);
            if (percent != lastPercent) await job.ReportProgressAsync(lastPercent = percent, $"{i + 1} of {ids.Length} files");
        }
        var totals = new ReenrichTotals(ids.Length, done.Count, skipped.Count, done.Sum(r => r.Detections), done.Sum(r => r.Errors));
        var message = $"{totals.Enriched} file(s) re-enriched ({totals.Detections} detections, {totals.Errors} model errors), {totals.Skipped} skipped";
        await job.LogAsync("info", message, totals);
        return new JobOutcome(message, new ReenrichReport(job.JobId, loaded, totals, done, skipped));
    }

    private static async Task<Guid[]> SelectAsync(IQuerySession session, ReenrichParameters p, CancellationToken ct)
    {
        if (p.MediaIds is { Count: > 0 } asked) return [.. asked.Distinct()];
        var query = session.Query<MediaView>().Where(m => m.State == MediaState.Analyzed && m.DetectionCount > 0);
        if (p.CameraId is { Length: > 0 } camera) query = query.Where(m => m.CameraId == camera);
        if (p.StartDate is { } start) query = query.Where(m => m.ReceivedAt >= start);
        if (p.EndDate is { } end) query = query.Where(m => m.ReceivedAt <= end);
        return [.. await query.OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync(ct)];
    }

    private async Task<object> ReenrichAsync(Guid mediaId, Guid replayId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var media = await session.ReadStreamAsync<MediaFile>(StreamKeys.Media(mediaId), ct);
            if (EnrichmentDecisions.WhyNotEnrichable(media.State) is { } why) return new SkippedEnrichment(mediaId, why);
            var found = await MediaEnrichment.RunAsync(enricher, files, media.State!, stage.MaxImagePixels, ct);
            var decision = EnrichmentDecisions.Enrich(new RecordEnrichment(mediaId, found, clock.GetUtcNow(), replayId), media.State);
            if (decision.Error is { } refused) return new SkippedEnrichment(mediaId, refused.Message);
            session.Append(media, decision);
            foreach (var enriched in decision.Events.OfType<DetectionEnriched>())
                foreach (var recorder in recorders) await recorder.RecordAsync(session, enriched, ct);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException && attempt < ConcurrencyRetries)
            {
                continue;
            }
            return new ReenrichedMedia(mediaId, media.State!.Received!.FilePath, found.Count, found.Sum(d => d.Errors.Count));
        }
    }
}
