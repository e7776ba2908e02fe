using Hsi.Api.Features.Jobs;
using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Inference.Handlers;
using Hsi.Inference.Media;
using Hsi.Projections.EventStore;
using Hsi.Projections.Media;
using Hsi.Projections.Zones;
using JasperFx;
using JasperFx.Events;
using Wolverine.Marten;

namespace Hsi.Api.Features.AiAudit.Redetect;

/// <summary>What a detector replay runs over (files by id or by window) and with (model, threshold).</summary>
public sealed record RedetectParameters(
    IReadOnlyList<Guid>? MediaIds = null, DateTimeOffset? StartDate = null, DateTimeOffset? EndDate = null, string? CameraId = null,
    string? ModelPath = null, string? ModelFamily = null, double? ConfidenceThreshold = null, bool DryRun = false);

/// <summary>A detection in the report; a dry run numbers none, so its new detections have no id.</summary>
public sealed record ReplayedDetection(long? DetectionId, string ObjectType, double Confidence, int X, int Y, int Width, int Height, double? FrameSeconds)
{
    public static ReplayedDetection From(RecordedDetection d, bool numbered) =>
        new(numbered ? d.DetectionId : null, d.ObjectType, d.Confidence, d.X, d.Y, d.Width, d.Height, d.FrameSeconds);
}

/// <summary>One object type across every file: how many before and after, found again (IoU ≥ 0.5), gained and lost.</summary>
public sealed record ClassComparison(string ObjectType, int Before, int After, int Matched, int Gained, int Lost);

/// <summary>One file: the counts, and which detections were lost and gained.</summary>
public sealed record RedetectRow(
    Guid MediaId, string FilePath, int Before, int After, int Matched, int Gained, int Lost,
    IReadOnlyList<ReplayedDetection> LostDetections, IReadOnlyList<ReplayedDetection> GainedDetections, bool Appended, string? Error);

public sealed record SkippedMedia(Guid MediaId, string Reason);

public sealed record RedetectTotals(int Files, int Before, int After, int Matched, int Gained, int Lost, int Failed, int Appended, int Skipped);

/// <summary>The detector replay's report (the job's result).</summary>
public sealed record RedetectReport(
    Guid ReplayId, bool DryRun, AnalysisModel Model, double ConfidenceThreshold, RedetectTotals Totals,
    IReadOnlyList<ClassComparison> Classes, IReadOnlyList<RedetectRow> Media, IReadOnlyList<SkippedMedia> Skipped);

/// <summary>
/// <c>redetect</c>: "what would this model have seen?" Runs a detector (the configured one, or another
/// model from the models folder, at the threshold in force or a given one) over stored files, opened only
/// through <see cref="CameraFileAccess"/>; compares with each file's newest analysis and, unless it is a
/// dry run, appends MediaReanalyzed with newly numbered detections (the old analysis stays on record).
/// The configured model runs on the pipeline's loaded session; another is loaded for the job and released after it.
/// </summary>
public sealed class RedetectJob(
    IDocumentStore store, ReplayModels models, DetectorHost detectors, CameraFileAccess files, AnalysisSettings analysis, ILiveSettings live,
    EnrichmentStageSettings enrichment, IServiceScopeFactory scopes, TimeProvider clock) : IJobKind
{
    public const string KindName = "redetect";
    private const int ConcurrencyRetries = 3;

    public string Kind => KindName;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var parameters = job.ParametersAs<RedetectParameters>();
        var (path, problem) = models.Resolve(parameters.ModelPath);
        if (path is null) throw new InvalidOperationException(problem);
        // Left out, the threshold is the one in force now (the environment's, or a PATCH of /api/system/config).
        var minConfidence = (float)(parameters.ConfidenceThreshold ?? (await live.CurrentAsync(ct)).DetectionConfidenceThreshold);
        using var detector = detectors.Lease(models.OptionsFor(path, ModelFamilies.Parse(parameters.ModelFamily)));
        var model = FileAnalysis.RecordedModel(detector.Model);
        var threshold = Math.Round(minConfidence, 4);

        Guid[] ids;
        await using (var query = store.QuerySession()) ids = await SelectAsync(query, parameters, ct);
        await job.LogAsync("info",
            $"Re-detecting {ids.Length} file(s) with {model.Name} ({model.Family}, {model.Version}) on {model.Provider}, " +
            $"confidence threshold {threshold}{(parameters.DryRun ? ", dry run" : "")}",
            new { model, confidence_threshold = threshold, dry_run = parameters.DryRun });

        var rows = new List<Compared>();
        var skipped = new List<SkippedMedia>();
        var lastPercent = -1;
        for (var i = 0; i < ids.Length; i++)
        {
            switch (await RedetectAsync(ids[i], detector, minConfidence, model, threshold, job.JobId, parameters.DryRun, ct))
            {
                case Compared compared:
                    rows.Add(compared);
                    var row = compared.Row;
                    await job.LogAsync(row.Error is null ? "info" : "warning", Describe(row),
                        new { row.MediaId, row.Before, row.After, row.Matched, row.Gained, row.Lost, row.Error });
                    break;
                case SkippedMedia skip:
                    skipped.Add(skip);
                    await job.LogAsync("info", $"Media {skip.MediaId} skipped: {skip.Reason}");
                    break;
            }
            var percent = (int)(100L * (i + 1) / ids.Length);
            if (percent != lastPercent) await job.ReportProgressAsync(lastPercent = percent, $"{i + 1} of {ids.Length} files");
        }

        var classes = rows.SelectMany(r => r.Comparisons)
            .GroupBy(c => c.ObjectType)
            .Select(g => new ClassComparison(g.Key, g.Sum(c => c.Before), g.Sum(c => c.After), g.Sum(c => c.Matched), g.Sum(c => c.Gained), g.Sum(c => c.Lost)))
            .OrderBy(c => c.ObjectType, StringComparer.Ordinal)
            .ToList();
        var ok = rows.Select(r => r.Row).Where(r => r.Error is null).ToList();
        var totals = new RedetectTotals(rows.Count, ok.Sum(r => r.Before), ok.Sum(r => r.After), ok.Sum(r => r.Matched), ok.Sum(r => r.Gained),
            ok.Sum(r => r.Lost), rows.Count - ok.Count, ok.Count(r => r.Appended), skipped.Count);
        var message = $"{totals.Files} file(s) re-detected: {totals.Matched} matched, {totals.Gained} gained, {totals.Lost} lost, {totals.Failed} failed; " +
            (parameters.DryRun ? "dry run, nothing recorded" : $"{totals.Appended} analysis(es) recorded");
        await job.LogAsync("info", message, totals);
        return new JobOutcome(message, new RedetectReport(job.JobId, parameters.DryRun, model, threshold, totals, classes,
            [.. rows.Select(r => r.Row)], skipped));
    }

    private static async Task<Guid[]> SelectAsync(IQuerySession session, RedetectParameters p, CancellationToken ct)
    {
        if (p.MediaIds is { Count: > 0 } asked) return [.. asked.Distinct()];
        var query = session.Query<MediaView>().Where(m => m.State == MediaState.Analyzed);
        if (p.CameraId is { Length: > 0 } camera) query = query.Where(m => m.CameraId == camera);
        if (p.StartDate is { } start) query = query.Where(m => m.ReceivedAt >= start);
        if (p.EndDate is { } end) query = query.Where(m => m.ReceivedAt <= end);
        return [.. await query.OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync(ct)];
    }

    /// <summary>A file's row with its per-class counts, while the job adds them up.</summary>
    private sealed record Compared(RedetectRow Row, IReadOnlyList<ClassComparison> Comparisons);

    /// <summary>
    /// One file run again at <paramref name="minConfidence"/>, given with each call since a shared detector keeps the
    /// pipeline's threshold (<paramref name="threshold"/> is the same, as recorded).
    /// </summary>
    private async Task<object> RedetectAsync(
        Guid mediaId, DetectorLease detector, float minConfidence, AnalysisModel model, double threshold, Guid replayId, bool dryRun, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var media = await session.ReadStreamAsync<MediaFile>(StreamKeys.Media(mediaId), ct);
            if (MediaDecisions.WhyNotReanalysable(media.State) is { } why) return new SkippedMedia(mediaId, why);
            var received = media.State!.Received!;
            var before = media.State.Detections!;

            FileAnalysisResult result;
            try
            {
                using var file = files.Open(received.FilePath);
                result = await FileAnalysis.RunAsync(detector.Detector, file, received.MediaType, analysis, ct, minConfidence);
            }
            catch (Exception ex) when (ex is CameraFileRefusedException or MediaUnreadableException)
            {
                return new Compared(new RedetectRow(mediaId, received.FilePath, before.Count, 0, 0, 0, 0, [], [], false, ex.Message), []);
            }

            var ids = dryRun ? new long[result.Objects.Count] : await FileAnalysis.NextDetectionIdsAsync(session, result.Objects.Count, ct);
            // The zones drawn now, not those of the first analysis: a replay is how old media meet new zones.
            var zones = (await session.EnabledZonesAsync([received.CameraId], ct))[received.CameraId];
            var after = FileAnalysis.Recorded(result.Objects, ids, received.ReceivedAt, result.Frame, zones);
            var match = DetectionMatching.Match(before, after);
            var appended = false;
            if (!dryRun)
            {
                session.Append(media, MediaDecisions.Reanalyse(
                    new ReanalyseMedia(mediaId, model, result.Timings, result.Video, after, threshold, replayId, clock.GetUtcNow(), result.Frame), media.State));
                // The new detections are enriched as a new file's are: the message commits with them (Wolverine's outbox).
                await using var scope = scopes.CreateAsyncScope();
                var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
                outbox.Enroll(session);
                if (EnrichMedia.After(mediaId, after.Count, enrichment) is { } enrich) await outbox.SendAsync(enrich);
                try
                {
                    await session.SaveChangesAsync(ct);
                    appended = true;
                }
                catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException && attempt < ConcurrencyRetries)
                {
                    continue;
                }
            }
            var row = new RedetectRow(mediaId, received.FilePath, before.Count, after.Count, match.Matched.Count, match.Gained.Count, match.Lost.Count,
                [.. match.Lost.Select(d => ReplayedDetection.From(d, numbered: true))],
                [.. match.Gained.Select(d => ReplayedDetection.From(d, numbered: !dryRun))], appended, null);
            return new Compared(row, ByClass(before, after, match));
        }
    }

    private static List<ClassComparison> ByClass(IReadOnlyList<RecordedDetection> before, IReadOnlyList<RecordedDetection> after, DetectionMatch match) =>
        before.Select(d => d.ObjectType).Concat(after.Select(d => d.ObjectType)).Distinct()
            .Select(type => new ClassComparison(type,
                before.Count(d => d.ObjectType == type), after.Count(d => d.ObjectType == type),
                match.Matched.Count(m => m.Before.ObjectType == type), match.Gained.Count(d => d.ObjectType == type), match.Lost.Count(d => d.ObjectType == type)))
            .ToList();

    private static string Describe(RedetectRow row) => row.Error is { } error
        ? $"{row.FilePath}: not re-detected ({error})"
        : $"{row.FilePath}: {row.Before} → {row.After} detections, {row.Matched} matched, +{row.Gained} gained, -{row.Lost} lost{(row.Appended ? " (recorded)" : "")}";
}
