namespace Hsi.Domain.Calibration;

/// <summary>Write-side state of the calibration stream; immutable, rebuilt from its events.</summary>
public sealed record Calibration(
    string UserId, Thresholds Thresholds, int CorrectCount, int FalsePositiveCount, int MissedThreatCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
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

    /// <summary>The state after the stream's events; a stream's first event creates it at that event's time.</summary>
    public static Calibration? Fold(IEnumerable<object> events) =>
        events.Aggregate((Calibration?)null, (state, e) => e switch
        {
            CalibrationChanged x => (state ?? Initial(x.UserId, x.At)).Apply(x),
            CalibrationReset x => (state ?? Initial(x.UserId, x.At)).Apply(x),
            CalibrationAdjusted x => (state ?? Initial(x.UserId, x.At)).Apply(x),
            _ => state,
        });
}
