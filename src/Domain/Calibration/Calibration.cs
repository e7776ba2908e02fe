using Hsi.Domain.Common;

namespace Hsi.Domain.Calibration;

/// <summary>Write-side state of the calibration stream; immutable, rebuilt from its events.</summary>
public sealed record Calibration(
    string UserId, Thresholds Thresholds, int CorrectCount, int FalsePositiveCount, int MissedThreatCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IEvolving<Calibration>
{
    public const string DefaultUser = "default";

    /// <summary>What a user who never calibrated has: the defaults, as of now.</summary>
    public static Calibration Initial(string userId, DateTimeOffset now) => new(userId, Thresholds.Defaults, 0, 0, 0, now, now);

    public Calibration Apply(CalibrationChanged e) => this with { Thresholds = e.Thresholds, UpdatedAt = e.At };

    public Calibration Apply(CalibrationReset e) => this with { Thresholds = e.Thresholds, UpdatedAt = e.At };

    public Calibration Apply(CalibrationAdjusted e) => this with
    {
        Thresholds = e.Thresholds,
        UpdatedAt = e.At,
        CorrectCount = CorrectCount + (e.Kind == FeedbackKind.Correct ? 1 : 0),
        FalsePositiveCount = FalsePositiveCount + (e.Kind == FeedbackKind.FalsePositive ? 1 : 0),
        MissedThreatCount = MissedThreatCount + (e.Kind == FeedbackKind.MissedThreat ? 1 : 0),
    };

    /// <summary>A stream's first event, whichever it is, creates the calibration at that event's time.</summary>
    public static Calibration? Evolve(Calibration? state, object e) => e switch
    {
        CalibrationChanged x => (state ?? Initial(x.UserId, x.At)).Apply(x),
        CalibrationReset x => (state ?? Initial(x.UserId, x.At)).Apply(x),
        CalibrationAdjusted x => (state ?? Initial(x.UserId, x.At)).Apply(x),
        _ => state,
    };
}
