using Hsi.Api.Tests.Cameras;
using Hsi.Api.Features.AiAudit;
using Hsi.Api.Features.AiAudit.Replay;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.Calibration;
using Hsi.Domain.Cameras;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Audit;
using Hsi.Projections.SecurityEvents;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Tracking;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Tests.AiAudit;

/// <summary>The risk_replay job kind run directly over events assessed by the rule-based analyzer.</summary>
public class RiskReplayJobTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset TwoAm = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TwoPm = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Five events the rules score 65, 75, 45, 25 and 15 (see RuleBasedRiskAnalyzer), assessed with the default thresholds.</summary>
    private async Task<Dictionary<long, int>> AssessedEventsAsync()
    {
        await App.Store.RegisteredCameraAsync("porch", "Front Porch", "UTC");
        await App.Store.ClosedEventAsync(1, "porch", TwoAm, "person");
        await App.Store.ClosedEventAsync(2, "porch", TwoAm.AddHours(2), "person", "person");
        await App.Store.ClosedEventAsync(3, "porch", TwoPm, "person");
        await App.Store.ClosedEventAsync(4, "porch", TwoPm.AddHours(2), "car");
        await App.Store.ClosedEventAsync(5, "porch", TwoAm.AddHours(-3), "dog");
        var scores = new Dictionary<long, int>();
        for (long id = 1; id <= 5; id++)
        {
            await Host.InvokeMessageAndWaitAsync(new AssessRisk(id));
            scores[id] = Assert.Single(await App.Store.AssessmentsAsync(id)).Decision.RiskScore;
        }
        Assert.Equal([65, 75, 45, 25, 15], scores.Values);
        return scores;
    }

    private async Task<(RiskReplayReport Report, TestJobContext Job)> RunAsync(RiskReplayParameters parameters)
    {
        var job = new TestJobContext(RiskReplayJob.KindName, parameters);
        var outcome = await Host.Services.GetRequiredService<RiskReplayJob>().RunAsync(job, CancellationToken.None);
        return (Assert.IsType<RiskReplayReport>(outcome.Result), job);
    }

    private async Task<int> StreamLengthAsync(long id)
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(id))).Count;
    }

    private static void TotalsMatchRows(RiskReplayReport report)
    {
        var t = report.Totals;
        Assert.Equal(report.Rows.Count, t.Events);
        Assert.Equal(t.Events, t.Up + t.Down + t.Same + t.Failed);
        Assert.Equal(report.Rows.Count(r => r.Change == RiskChange.Up), t.Up);
        Assert.Equal(report.Rows.Count(r => r.Change == RiskChange.Down), t.Down);
        Assert.Equal(report.Rows.Count(r => r.Change == RiskChange.Same), t.Same);
        Assert.Equal(report.Rows.Count(r => r.Appended), t.Appended);
    }

    [Fact]
    public async Task A_dry_run_with_a_lower_high_threshold_flips_exactly_the_scores_that_cross_it_and_appends_nothing()
    {
        var scores = await AssessedEventsAsync();
        var lengths = new Dictionary<long, int>();
        foreach (var id in scores.Keys) lengths[id] = await StreamLengthAsync(id);

        var (report, job) = await RunAsync(new RiskReplayParameters(
            StartDate: TwoAm.AddDays(-1), EndDate: TwoPm.AddDays(1), Calibration: new ThresholdOverrides(null, null, 70), DryRun: true));

        Assert.Equal(scores.Keys.Order(), report.Rows.Select(r => r.EventId).Order());
        var flipped = report.Rows.Where(r => r.OldLevel != r.NewLevel).Select(r => r.EventId).ToList();
        Assert.Equal(scores.Where(s => s.Value is >= 70 and < 85).Select(s => s.Key), flipped);
        Assert.All(report.Rows, r => Assert.Equal(r.OldScore, r.NewScore));
        Assert.Equal(RiskChange.Up, report.Rows.Single(r => r.EventId == 2).Change);
        Assert.Equal(("high", "critical"), (report.Rows.Single(r => r.EventId == 2).OldLevel, report.Rows.Single(r => r.EventId == 2).NewLevel));
        TotalsMatchRows(report);
        Assert.Equal((1, 0, 4, 0), (report.Totals.Up, report.Totals.Down, report.Totals.Same, report.Totals.Appended));
        Assert.Equal(new Thresholds(30, 60, 70, 0.1), report.Calibration.Thresholds);

        foreach (var id in scores.Keys) Assert.Equal(lengths[id], await StreamLengthAsync(id));
        await using var session = App.Store.QuerySession();
        Assert.Equal("high", (await session.LoadAsync<SecurityEventView>(2L))!.RiskLevel);
        Assert.Equal(100, job.Progress[^1]);
    }

    [Fact]
    public async Task A_replay_after_a_calibration_change_records_a_reassessment_for_each_changed_decision_from_the_stored_inputs()
    {
        await AssessedEventsAsync();
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.Append(StreamKeys.Camera("porch"), new CameraRenamed("porch", "Back Gate", DateTimeOffset.UtcNow));
            session.Events.StartStream(StreamKeys.Calibration(CalibrationState.DefaultUser),
                new CalibrationChanged(CalibrationState.DefaultUser, new Thresholds(20, 40, 60, 0.1), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var (report, _) = await RunAsync(new RiskReplayParameters(EventIds: [1, 2, 3, 4, 5, 404]));

        // 65 and 75: high → critical; 45: medium → high; 25: low → medium; 15 stays low.
        Assert.Equal([1L, 2L, 3L, 4L], report.Rows.Where(r => r.Appended).Select(r => r.EventId));
        Assert.Equal((4, 0, 1, 4), (report.Totals.Up, report.Totals.Down, report.Totals.Same, report.Totals.Appended));
        Assert.Equal([new SkippedEvent(404, "no such event")], report.Skipped);
        TotalsMatchRows(report);

        var reassessed = Assert.IsType<RiskReassessed>((await LastEventAsync(2)));
        Assert.Equal((75, RiskLevel.High, RiskLevel.Critical), (reassessed.PreviousScore, reassessed.PreviousLevel, reassessed.Decision.RiskLevel));
        Assert.Equal(new CalibrationInForce(1, new Thresholds(20, 40, 60, 0.1)), reassessed.Decision.Calibration);
        Assert.Equal(RiskReplay.Trigger, reassessed.Decision.Trigger);
        Assert.Equal("Front Porch", reassessed.Decision.Inputs.CameraName); // what the analyzer saw then, not today's name
        Assert.Contains("Front Porch", reassessed.Decision.Summary);

        await using var query = App.Store.QuerySession();
        var view = (await query.LoadAsync<SecurityEventView>(2L))!;
        Assert.Equal(("critical", 75), (view.RiskLevel, view.RiskScore));
        var audit = (await query.LoadAsync<EventAuditView>(2L))!;
        Assert.Equal([DecisionKind.Assessed, DecisionKind.Reassessed], audit.Decisions.Select(d => d.Kind));
        Assert.IsType<RiskAssessed>(await LastEventAsync(5)); // 15 stays low: nothing appended
    }

    [Fact]
    public async Task The_same_inputs_analyzer_and_calibration_give_the_same_decisions()
    {
        await AssessedEventsAsync();

        var (report, _) = await RunAsync(new RiskReplayParameters(StartDate: TwoAm.AddDays(-1), EndDate: TwoPm.AddDays(1), Analyzer: "rules"));

        Assert.Equal(5, report.Totals.Same);
        Assert.Equal(0, report.Totals.Appended);
        Assert.All(report.Rows, r => Assert.Equal((r.OldScore, r.OldLevel), (r.NewScore!.Value, r.NewLevel)));
    }

    private async Task<object> LastEventAsync(long id)
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(id)))[^1].Data;
    }
}
