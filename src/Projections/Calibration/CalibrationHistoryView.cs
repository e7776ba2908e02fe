using Hsi.Domain.Calibration;

namespace Hsi.Projections.Calibration;

/// <summary>How a calibration came to change: set by someone, moved by feedback, or reset to the defaults.</summary>
public enum CalibrationChangeKind { Changed, Adjusted, Reset }

/// <summary>Every change of a user's calibration, oldest first: what <c>GET /api/calibration/history</c> lists.</summary>
public sealed class CalibrationHistoryView
{
    /// <summary>The user whose calibration this is.</summary>
    public string Id { get; set; } = "";

    public List<CalibrationHistoryEntry> Changes { get; set; } = [];
}

/// <summary>One change: the thresholds and counters after it, and for feedback which event and what kind.</summary>
public sealed class CalibrationHistoryEntry
{
    /// <summary>The calibration stream's version after this change.</summary>
    public long Version { get; set; }

    public CalibrationChangeKind Kind { get; set; }
    public int LowThreshold { get; set; }
    public int MediumThreshold { get; set; }
    public int HighThreshold { get; set; }
    public double DecayFactor { get; set; }
    public int CorrectCount { get; set; }
    public int FalsePositiveCount { get; set; }
    public int MissedThreatCount { get; set; }
    public long? EventId { get; set; }
    public FeedbackKind? FeedbackType { get; set; }
    public int? RiskScore { get; set; }
    public DateTimeOffset At { get; set; }
}
