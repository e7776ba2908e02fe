using Hsi.Api.Features.Jobs;
using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Risk;
using Hsi.Projections.EventStore;
using Hsi.Projections.SecurityEvents;
using JasperFx;
using JasperFx.Events;

namespace Hsi.Api.Features.AiAudit.Replay;

/// <summary>What a risk replay runs over and with: events by id or by window, and what to change.</summary>
public sealed record RiskReplayParameters(
    IReadOnlyList<long>? EventIds = null, DateTimeOffset? StartDate = null, DateTimeOffset? EndDate = null, string? CameraId = null,
    string? Analyzer = null, ThresholdOverrides? Calibration = null, bool DryRun = false);

/// <summary>One event's decision before and after the replay.</summary>
public sealed record RiskReplayRow(
    long EventId, int OldScore, string OldLevel, int? NewScore, string? NewLevel, RiskChange? Change, bool Appended, string? Error);

public sealed record RiskReplayTotals(int Events, int Up, int Down, int Same, int Failed, int Appended, int Skipped);

/// <summary>An event asked for that has no decision to replay (unknown, still open, not assessed yet).</summary>
public sealed record SkippedEvent(long EventId, string Reason);

/// <summary>The replay's report (the job's result): with what it ran, old vs new per event, and totals that add up to the rows.</summary>
public sealed record RiskReplayReport(
    Guid ReplayId, bool DryRun, AnalyzerIdentity Analyzer, CalibrationInForce Calibration,
    RiskReplayTotals Totals, IReadOnlyList<RiskReplayRow> Rows, IReadOnlyList<SkippedEvent> Skipped);

/// <summary>
/// <c>risk_replay</c>: runs an analyzer again over the inputs recorded with each event's current decision
/// (not today's read models), with the calibration in force or the thresholds given, and appends
/// RiskReassessed where the score or level changed, unless it is a dry run.
/// </summary>
public sealed class RiskReplayJob(IDocumentStore store, RiskAnalyzerChoice analyzers, TimeProvider clock) : IJobKind
{
    public const string KindName = "risk_replay";
    private const int ConcurrencyRetries = 3;

    public string Kind => KindName;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var parameters = job.ParametersAs<RiskReplayParameters>();
        var analyzer = analyzers.Find(parameters.Analyzer)
            ?? throw new InvalidOperationException(RiskAnalyzerChoice.Unavailable(parameters.Analyzer!));
        CalibrationInForce calibration;
        long[] ids;
        await using (var query = store.QuerySession())
        {
            var (inForce, error) = await CalibrationLoading.InForceAsync(query, parameters.Calibration, clock.GetUtcNow(), ct);
            calibration = inForce ?? throw new InvalidOperationException(error!.Message);
            ids = await SelectAsync(query, parameters, ct);
        }
        var thresholds = calibration.Thresholds;
        await job.LogAsync("info",
            $"Replaying {ids.Length} event(s) with {analyzer.Identity.Analyzer} {analyzer.Identity.Model} {analyzer.Identity.Version}, " +
            $"thresholds {thresholds.Low}/{thresholds.Medium}/{thresholds.High}{(parameters.DryRun ? ", dry run" : "")}",
            new { analyzer = analyzer.Identity, calibration, dry_run = parameters.DryRun });

        var rows = new List<RiskReplayRow>();
        var skipped = new List<SkippedEvent>();
        var lastPercent = -1;
        for (var i = 0; i < ids.Length; i++)
        {
            switch (await ReplayAsync(ids[i], analyzer, calibration, job.JobId, parameters.DryRun, ct))
            {
                case RiskReplayRow row:
                    rows.Add(row);
                    if (row.Change is not RiskChange.Same)
                        await job.LogAsync(row.Error is null ? "info" : "warning", Describe(row), row);
                    break;
                case SkippedEvent skip:
                    skipped.Add(skip);
                    await job.LogAsync("info", $"Event {skip.EventId} skipped: {skip.Reason}");
                    break;
            }
            var percent = (int)(100L * (i + 1) / ids.Length);
            if (percent != lastPercent) await job.ReportProgressAsync(lastPercent = percent, $"{i + 1} of {ids.Length} events");
        }

        var totals = new RiskReplayTotals(rows.Count,
            rows.Count(r => r.Change == RiskChange.Up), rows.Count(r => r.Change == RiskChange.Down), rows.Count(r => r.Change == RiskChange.Same),
            rows.Count(r => r.Error is not null), rows.Count(r => r.Appended), skipped.Count);
        var message = $"{totals.Events} event(s) replayed: {totals.Up} up, {totals.Down} down, {totals.Same} same, {totals.Failed} failed; " +
            (parameters.DryRun ? "dry run, nothing recorded" : $"{totals.Appended} reassessment(s) recorded");
        await job.LogAsync("info", message, totals);
        return new JobOutcome(message, new RiskReplayReport(job.JobId, parameters.DryRun, analyzer.Identity, calibration, totals, rows, skipped));
    }

    /// <summary>The events asked for by id (in that order), or the assessed, not deleted events of the window, oldest first.</summary>
    private static async Task<long[]> SelectAsync(IQuerySession session, RiskReplayParameters p, CancellationToken ct)
    {
        if (p.EventIds is { Count: > 0 } asked) return [.. asked.Distinct()];
        var query = session.Query<SecurityEventView>().Where(e => e.RiskScore != null && e.DeletedAt == null);
        if (p.CameraId is { Length: > 0 } camera) query = query.Where(e => e.CameraId == camera);
        if (p.StartDate is { } start) query = query.Where(e => e.StartedAt >= start);
        if (p.EndDate is { } end) query = query.Where(e => e.StartedAt <= end);
        return [.. await query.OrderBy(e => e.StartedAt).ThenBy(e => e.Id).Select(e => e.Id).ToListAsync(ct)];
    }

    /// <summary>One event: a row, or why it has none. A concurrent write to the event (a review) is retried.</summary>
    private async Task<object> ReplayAsync(long eventId, IRiskAnalyzer analyzer, CalibrationInForce calibration, Guid replayId, bool dryRun, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var read = await session.ReadStreamAsync<SecurityEvent>(StreamKeys.SecurityEvent(eventId), ct);
            var state = read.State;
            if (state?.Risk is not { } before)
                return new SkippedEvent(eventId, state is null ? "no such event" : state.IsOpen ? "still open" : "not assessed yet");

            RiskAnalysis analysis;
            try
            {
                // The inputs recorded with the decision in force: what the analyzer saw then, not today's read models.
                analysis = await analyzer.AnalyzeAsync(before.Inputs, ct);
            }
            catch (RiskAnalysisFailedException ex)
            {
                return new RiskReplayRow(eventId, before.RiskScore, before.RiskLevel.Name(), null, null, null, false, ex.Message);
            }
            var after = SecurityEventDecisions.DecisionFrom(analysis, analyzer.Identity, calibration, before.Inputs, RiskReplay.Trigger);
            var change = RiskReplay.Compare(before.RiskScore, before.RiskLevel, after.RiskScore, after.RiskLevel);
            var appended = false;
            if (!dryRun)
            {
                var decision = SecurityEventDecisions.Reassess(state, after, replayId, clock.GetUtcNow());
                if (decision.Events.Count > 0)
                {
                    session.Append(read, decision);
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
            }
            return new RiskReplayRow(eventId, before.RiskScore, before.RiskLevel.Name(), after.RiskScore, after.RiskLevel.Name(), change, appended, null);
        }
    }

    private static string Describe(RiskReplayRow row) => row.Error is { } error
        ? $"Event {row.EventId}: the analyzer failed ({error})"
        : $"Event {row.EventId}: {row.OldScore} {row.OldLevel} → {row.NewScore} {row.NewLevel}{(row.Appended ? " (recorded)" : "")}";
}
