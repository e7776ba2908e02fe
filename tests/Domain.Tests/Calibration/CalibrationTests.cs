using Hsi.Domain.Calibration;
using Hsi.Domain.Common;

namespace Hsi.Domain.Tests.Calibration;

public class CalibrationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly Domain.Calibration.Calibration Defaults = Domain.Calibration.Calibration.Initial("default", Now);

    [Theory]
    [InlineData(0, RiskLevel.Low)]
    [InlineData(29, RiskLevel.Low)]
    [InlineData(30, RiskLevel.Medium)]
    [InlineData(59, RiskLevel.Medium)]
    [InlineData(60, RiskLevel.High)]
    [InlineData(84, RiskLevel.High)]
    [InlineData(85, RiskLevel.Critical)]
    [InlineData(100, RiskLevel.Critical)]
    public void Levels_follow_the_default_thresholds_exactly(int score, RiskLevel level) =>
        Assert.Equal(level, RiskLevels.Of(score, Thresholds.Defaults));

    [Theory]
    [InlineData(19, RiskLevel.Low)]
    [InlineData(20, RiskLevel.Medium)]
    [InlineData(49, RiskLevel.Medium)]
    [InlineData(50, RiskLevel.High)]
    [InlineData(69, RiskLevel.High)]
    [InlineData(70, RiskLevel.Critical)]
    public void Levels_follow_changed_thresholds_exactly(int score, RiskLevel level) =>
        Assert.Equal(level, RiskLevels.Of(score, new Thresholds(20, 50, 70, 0.1)));

    [Fact]
    public void A_partial_change_is_merged_with_the_stored_values_then_checked_in_order()
    {
        var decision = CalibrationDecisions.Change(new ChangeCalibration(null, null, 95, null), Defaults, Now);
        var changed = Assert.IsType<CalibrationChanged>(Assert.Single(decision.Events));
        Assert.Equal(new Thresholds(30, 60, 95, 0.1), changed.Thresholds);

        var refused = CalibrationDecisions.Change(new ChangeCalibration(70, null, null, null), Defaults, Now);
        Assert.Equal(ErrorKind.Invalid, refused.Error!.Kind);
        Assert.Equal("low_threshold (70) must be less than medium_threshold (60)", refused.Error.Message);

        var medium = CalibrationDecisions.Change(new ChangeCalibration(null, 90, null, null), Defaults, Now);
        Assert.Equal("medium_threshold (90) must be less than high_threshold (85)", medium.Error!.Message);
    }

    [Theory]
    [InlineData(-1, null, "low_threshold")]
    [InlineData(null, 101, "medium_threshold")]
    public void Thresholds_outside_0_to_100_are_refused(int? low, int? medium, string field) =>
        Assert.Equal(field, CalibrationDecisions.Change(new ChangeCalibration(low, medium, null, null), Defaults, Now).Error!.Field);

    [Fact]
    public void A_decay_factor_outside_0_to_1_is_refused() =>
        Assert.Equal("decay_factor", CalibrationDecisions.Change(new ChangeCalibration(null, null, null, 1.5), Defaults, Now).Error!.Field);

    [Theory]
    // base step = max(1, int(10 × 0.1)) = 1; a false positive at 80 raises by int(1 × 80/50) = 1.
    [InlineData(FeedbackKind.FalsePositive, 80, 31, 61, 86)]
    // score 100: int(1 × 2) = 2.
    [InlineData(FeedbackKind.FalsePositive, 100, 32, 62, 87)]
    // a missed threat at 10 lowers by int(1 × 90/50) = 1.
    [InlineData(FeedbackKind.MissedThreat, 10, 29, 59, 84)]
    // at 0: int(1 × 2) = 2.
    [InlineData(FeedbackKind.MissedThreat, 0, 28, 58, 83)]
    [InlineData(FeedbackKind.Correct, 50, 30, 60, 85)]
    public void Feedback_moves_every_threshold_by_the_spec_formula(FeedbackKind kind, int score, int low, int medium, int high) =>
        Assert.Equal(new Thresholds(low, medium, high, 0.1), CalibrationDecisions.Adjust(Thresholds.Defaults, kind, score));

    [Fact]
    public void A_larger_decay_factor_makes_larger_steps() =>
        // base = int(10 × 0.5) = 5; at score 100 a false positive raises by int(5 × 2) = 10.
        Assert.Equal(new Thresholds(40, 70, 95, 0.5), CalibrationDecisions.Adjust(new Thresholds(30, 60, 85, 0.5), FeedbackKind.FalsePositive, 100));

    [Fact]
    public void Feedback_clamps_to_0_100_and_keeps_five_points_between_thresholds()
    {
        var raised = CalibrationDecisions.Adjust(new Thresholds(88, 93, 99, 1), FeedbackKind.FalsePositive, 100);
        Assert.Equal((90, 95, 100), (raised.Low, raised.Medium, raised.High));
        var lowered = CalibrationDecisions.Adjust(new Thresholds(2, 6, 12, 1), FeedbackKind.MissedThreat, 0);
        Assert.Equal((0, 5, 10), (lowered.Low, lowered.Medium, lowered.High));
    }

    [Fact]
    public void Feedback_counts_by_kind_and_reset_keeps_the_counters()
    {
        var state = Defaults;
        foreach (var kind in new[] { FeedbackKind.FalsePositive, FeedbackKind.FalsePositive, FeedbackKind.MissedThreat, FeedbackKind.Correct })
            state = state.Apply((CalibrationAdjusted)CalibrationDecisions.ApplyFeedback(1, kind, 60, state, Now).Events.Single());
        Assert.Equal((2, 1, 1), (state.FalsePositiveCount, state.MissedThreatCount, state.CorrectCount));

        state = state.Apply((CalibrationReset)CalibrationDecisions.Reset(state, Now).Events.Single());
        Assert.Equal(Thresholds.Defaults, state.Thresholds);
        Assert.Equal(2, state.FalsePositiveCount);
    }
}
