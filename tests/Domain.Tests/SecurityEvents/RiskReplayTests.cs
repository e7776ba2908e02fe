using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Domain.Tests.SecurityEvents;

public class RiskReplayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly AnalyzerIdentity Rules = new("rules", "rule-based", "1");
    private static readonly Guid Replay = Guid.CreateVersion7();

    private static SecurityEvent Closed(params object[] more) => StreamFold.Fold<SecurityEvent>(
        [new BatchOpened(7, "batch_7", "porch", false, T0), new BatchClosed(7, CloseReason.Idle, T0.AddSeconds(30)), .. more])!;

    private static RiskDecision DecisionOf(int score, Thresholds thresholds) => SecurityEventDecisions.DecisionFrom(
        new RiskAnalysis(score, "s", "r", [], null, "{}"), Rules, new CalibrationInForce(1, thresholds), Closed().InputsFor("Porch", "UTC", 0), "batch_closed");

    [Fact]
    public void A_replay_that_changes_the_level_is_recorded_with_what_it_replaced_and_becomes_the_events_risk()
    {
        var assessed = new RiskAssessed(7, DecisionOf(70, Thresholds.Defaults), T0);
        var lower = DecisionOf(70, Thresholds.Defaults with { High = 65 });

        var reassessed = Assert.IsType<RiskReassessed>(Assert.Single(SecurityEventDecisions.Reassess(Closed(assessed), lower, Replay, T0).Events));

        Assert.Equal((70, RiskLevel.High, RiskLevel.Critical, Replay), (reassessed.PreviousScore, reassessed.PreviousLevel, reassessed.Decision.RiskLevel, reassessed.ReplayId));
        Assert.Equal(RiskLevel.Critical, Closed(assessed, reassessed).Risk!.RiskLevel);
    }

    [Fact]
    public void The_same_score_and_level_again_record_nothing_and_an_unassessed_event_cannot_be_replayed()
    {
        var assessed = new RiskAssessed(7, DecisionOf(70, Thresholds.Defaults), T0);
        Assert.Empty(SecurityEventDecisions.Reassess(Closed(assessed), DecisionOf(70, Thresholds.Defaults), Replay, T0).Events);
        Assert.Equal(ErrorKind.Inconsistent, SecurityEventDecisions.Reassess(Closed(), DecisionOf(70, Thresholds.Defaults), Replay, T0).Error!.Kind);
    }

    [Theory]
    [InlineData(70, "high", 70, "critical", RiskChange.Up)]
    [InlineData(70, "high", 90, "high", RiskChange.Up)]
    [InlineData(70, "high", 40, "medium", RiskChange.Down)]
    [InlineData(50, "medium", 50, "medium", RiskChange.Same)]
    public void Direction_is_by_level_then_score(int beforeScore, string beforeLevel, int afterScore, string afterLevel, RiskChange expected) =>
        Assert.Equal(expected, RiskReplay.Compare(beforeScore, Enum.Parse<RiskLevel>(beforeLevel, true), afterScore, Enum.Parse<RiskLevel>(afterLevel, true)));
}
