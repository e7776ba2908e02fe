using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Domain.Tests.SecurityEvents;

public class SecurityEventDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly AnalyzerIdentity Rules = new("rules", "rule-based", "1");
    private static readonly CalibrationInForce Calibration = new(1, Thresholds.Defaults);

    private static SecurityEvent Closed(params object[] more) => StreamFold.Fold<SecurityEvent>(
        [new BatchOpened(7, "batch_7", "porch", false, T0), new BatchClosed(7, CloseReason.Idle, T0.AddSeconds(30)), .. more])!;

    private static RiskInputs Inputs => Closed().InputsFor("Porch", "UTC", 0);

    [Theory]
    [InlineData(29.4, 29, "low")]
    [InlineData(84.6, 85, "critical")]
    [InlineData(250, 100, "critical")]
    [InlineData(-3, 0, "low")]
    public void A_decision_clamps_the_score_and_derives_its_level_from_the_calibration(double raw, int score, string level)
    {
        var decision = SecurityEventDecisions.DecisionFrom(new RiskAnalysis(raw, "s", "r", [], null, "{}"), Rules, Calibration, Inputs, "batch_closed");
        Assert.Equal((score, level), (decision.RiskScore, decision.RiskLevel.Name()));
    }

    [Fact]
    public void An_event_is_assessed_once_and_only_when_closed()
    {
        var decision = SecurityEventDecisions.DecisionFrom(new RiskAnalysis(40, "s", "r", [], null, "{}"), Rules, Calibration, Inputs, "batch_closed");
        var first = SecurityEventDecisions.Assess(Closed(), decision, T0);
        var assessed = Assert.IsType<RiskAssessed>(Assert.Single(first.Events));

        Assert.Empty(SecurityEventDecisions.Assess(Closed(assessed), decision, T0).Events);
        var open = StreamFold.Fold<SecurityEvent>([new BatchOpened(8, "batch_8", "porch", false, T0)]);
        Assert.Equal(ErrorKind.Inconsistent, SecurityEventDecisions.Assess(open, decision, T0).Error!.Kind);
    }

    [Fact]
    public void The_fallback_decision_is_50_with_its_level_and_the_failure()
    {
        var fallback = SecurityEventDecisions.Fallback(Rules, new CalibrationInForce(3, new Thresholds(20, 45, 70, 0.1)), Inputs, "batch_closed", "timeout");
        Assert.Equal((50, RiskLevel.High, "Analysis unavailable", true, "timeout"),
            (fallback.RiskScore, fallback.RiskLevel, fallback.Summary, fallback.Fallback, fallback.Error));
    }

    [Fact]
    public void A_review_records_only_what_changes_and_null_notes_clear()
    {
        var state = Closed(new EventNotesChanged(7, "old", T0));
        var decision = SecurityEventDecisions.Review(new ReviewEvent(7, true, false, true, null, false, null), state, T0);
        Assert.Equal([new EventReviewed(7, true, T0), new EventNotesChanged(7, null, T0)], decision.Events);

        Assert.Empty(SecurityEventDecisions.Review(new ReviewEvent(7, null, null, false, null, false, null), state, T0).Events);
        Assert.Equal(ErrorKind.NotFound, SecurityEventDecisions.Review(new ReviewEvent(9, true, null, false, null, false, null), null, T0).Error!.Kind);
    }

    [Fact]
    public void Feedback_needs_an_assessed_event_and_carries_its_score()
    {
        Assert.Equal(ErrorKind.Inconsistent, SecurityEventDecisions.Feedback(new GiveFeedback(7, FeedbackKind.FalsePositive), Closed(), T0).Error!.Kind);
        var decision = SecurityEventDecisions.DecisionFrom(new RiskAnalysis(72, "s", "r", [], null, "{}"), Rules, Calibration, Inputs, "batch_closed");
        var assessed = Closed(new RiskAssessed(7, decision, T0));
        Assert.Equal([new FeedbackGiven(7, FeedbackKind.FalsePositive, 72, T0)],
            SecurityEventDecisions.Feedback(new GiveFeedback(7, FeedbackKind.FalsePositive), assessed, T0).Events);
    }

    [Fact]
    public void Feedback_of_a_kind_already_given_is_refused_and_another_kind_is_not()
    {
        var decision = SecurityEventDecisions.DecisionFrom(new RiskAnalysis(72, "s", "r", [], null, "{}"), Rules, Calibration, Inputs, "batch_closed");
        var given = Closed(new RiskAssessed(7, decision, T0), new FeedbackGiven(7, FeedbackKind.FalsePositive, 72, T0));

        var repeat = SecurityEventDecisions.Feedback(new GiveFeedback(7, FeedbackKind.FalsePositive), given, T0.AddMinutes(1));
        Assert.Equal(ErrorKind.Conflict, repeat.Error!.Kind);
        Assert.Contains("false_positive feedback was already given", repeat.Error.Message);
        Assert.Single(SecurityEventDecisions.Feedback(new GiveFeedback(7, FeedbackKind.Correct), given, T0).Events);
    }
}
