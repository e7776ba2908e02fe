using Hsi.Domain.Common;

namespace Hsi.Domain.Calibration;

/// <summary>Set some thresholds; those not given keep their stored values (PUT and PATCH alike).</summary>
public record ChangeCalibration(int? Low, int? Medium, int? High, double? DecayFactor);

/// <summary>Pure deciders and rules for the calibration stream (SPEC.md §1 Calibration).</summary>
public static class CalibrationDecisions
{
    /// <summary>Points kept between neighbouring thresholds when feedback moves them.</summary>
    public const int MinimumGap = 5;

    public static Decision Change(ChangeCalibration cmd, Calibration state, DateTimeOffset now)
    {
        var current = state.Thresholds;
        var merged = new Thresholds(cmd.Low ?? current.Low, cmd.Medium ?? current.Medium, cmd.High ?? current.High, cmd.DecayFactor ?? current.DecayFactor);
        foreach (var (field, value) in new[] { ("low_threshold", merged.Low), ("medium_threshold", merged.Medium), ("high_threshold", merged.High) })
            if (value is < 0 or > 100) return Decision.Refuse(ErrorKind.Invalid, $"{field} must be between 0 and 100", field);
        if (merged.DecayFactor is < 0 or > 1 || double.IsNaN(merged.DecayFactor))
            return Decision.Refuse(ErrorKind.Invalid, "decay_factor must be between 0 and 1", "decay_factor");
        if (merged.Low >= merged.Medium)
            return Decision.Refuse(ErrorKind.Invalid, $"low_threshold ({merged.Low}) must be less than medium_threshold ({merged.Medium})", "low_threshold");
        if (merged.Medium >= merged.High)
            return Decision.Refuse(ErrorKind.Invalid, $"medium_threshold ({merged.Medium}) must be less than high_threshold ({merged.High})", "medium_threshold");
        return Decision.Of(new CalibrationChanged(state.UserId, merged, now));
    }

    public static Decision Reset(Calibration state, DateTimeOffset now) =>
        Decision.Of(new CalibrationReset(state.UserId, Thresholds.Defaults, now));

    /// <summary>
    /// SPEC.md §1: base step = max(1, int(10 × decay)); a false positive raises all three thresholds
    /// by int(base × max(1, score/50)), a missed threat lowers them by int(base × max(1, (100 − score)/50));
    /// then they are clamped to 0–100 keeping <see cref="MinimumGap"/> points apart. "Correct" only counts.
    /// </summary>
    public static Decision ApplyFeedback(long eventId, FeedbackKind kind, int riskScore, Calibration state, DateTimeOffset now) =>
        Decision.Of(new CalibrationAdjusted(state.UserId, eventId, kind, riskScore, Adjust(state.Thresholds, kind, riskScore), now));

    public static Thresholds Adjust(Thresholds t, FeedbackKind kind, int riskScore)
    {
        var step = Math.Max(1, (int)(10 * t.DecayFactor));
        switch (kind)
        {
            case FeedbackKind.FalsePositive:
            {
                var by = (int)(step * Math.Max(1.0, riskScore / 50.0));
                var high = Math.Clamp(t.High + by, 2 * MinimumGap, 100);
                var medium = Math.Clamp(t.Medium + by, MinimumGap, high - MinimumGap);
                var low = Math.Clamp(t.Low + by, 0, medium - MinimumGap);
                return t with { Low = low, Medium = medium, High = high };
            }
            case FeedbackKind.MissedThreat:
            {
                var by = (int)(step * Math.Max(1.0, (100 - riskScore) / 50.0));
                var low = Math.Clamp(t.Low - by, 0, 100 - 2 * MinimumGap);
                var medium = Math.Clamp(t.Medium - by, low + MinimumGap, 100 - MinimumGap);
                var high = Math.Clamp(t.High - by, medium + MinimumGap, 100);
                return t with { Low = low, Medium = medium, High = high };
            }
            default:
                return t;
        }
    }
}
