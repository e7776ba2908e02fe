namespace Hsi.Domain.Calibration;

/// <summary>The risk-level thresholds (0–100, low &lt; medium &lt; high) and how strongly feedback moves them.</summary>
public sealed record Thresholds(int Low, int Medium, int High, double DecayFactor)
{
    public static readonly Thresholds Defaults = new(30, 60, 85, 0.1);
}

/// <summary>How a reviewer judged an event's risk.</summary>
public enum FeedbackKind { Correct, FalsePositive, MissedThreat }

/// <summary>Someone set thresholds (PUT/PATCH); the first one also starts the stream.</summary>
public record CalibrationChanged(string UserId, Thresholds Thresholds, DateTimeOffset At);

/// <summary>Feedback on an event moved the thresholds by the SPEC formula and counted the feedback.</summary>
public record CalibrationAdjusted(string UserId, long EventId, FeedbackKind Kind, int RiskScore, Thresholds Thresholds, DateTimeOffset At);

/// <summary>Thresholds went back to the defaults; the feedback counters stay.</summary>
public record CalibrationReset(string UserId, Thresholds Thresholds, DateTimeOffset At);
