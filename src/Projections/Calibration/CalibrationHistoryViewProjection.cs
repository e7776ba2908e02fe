using Hsi.Domain.Calibration;

namespace Hsi.Projections.Calibration;

/// <summary>
/// The one writer of <see cref="CalibrationHistoryView"/>: one entry per event of a
/// <c>calibration:&lt;user&gt;</c> stream, carrying the counters forward from the entry before it.
/// </summary>
public partial class CalibrationHistoryViewProjection : MultiStreamProjection<CalibrationHistoryView, string>
{
    public CalibrationHistoryViewProjection()
    {
        Identity<CalibrationChanged>(e => e.UserId);
        Identity<CalibrationAdjusted>(e => e.UserId);
        Identity<CalibrationReset>(e => e.UserId);
    }

    public void Apply(IEvent<CalibrationChanged> e, CalibrationHistoryView view) =>
        Add(view, e, e.Data.UserId, CalibrationChangeKind.Changed, e.Data.Thresholds, e.Data.At);

    public void Apply(IEvent<CalibrationReset> e, CalibrationHistoryView view) =>
        Add(view, e, e.Data.UserId, CalibrationChangeKind.Reset, e.Data.Thresholds, e.Data.At);

    public void Apply(IEvent<CalibrationAdjusted> e, CalibrationHistoryView view)
    {
        var entry = Add(view, e, e.Data.UserId, CalibrationChangeKind.Adjusted, e.Data.Thresholds, e.Data.At);
        entry.EventId = e.Data.EventId;
        entry.FeedbackType = e.Data.Kind;
        entry.RiskScore = e.Data.RiskScore;
        switch (e.Data.Kind)
        {
            case FeedbackKind.Correct: entry.CorrectCount++; break;
            case FeedbackKind.FalsePositive: entry.FalsePositiveCount++; break;
            case FeedbackKind.MissedThreat: entry.MissedThreatCount++; break;
        }
    }

    private static CalibrationHistoryEntry Add(
        CalibrationHistoryView view, IEvent e, string userId, CalibrationChangeKind kind, Thresholds thresholds, DateTimeOffset at)
    {
        view.Id = userId;
        var before = view.Changes.LastOrDefault();
        var entry = new CalibrationHistoryEntry
        {
            Version = e.Version,
            Kind = kind,
            LowThreshold = thresholds.Low,
            MediumThreshold = thresholds.Medium,
            HighThreshold = thresholds.High,
            DecayFactor = thresholds.DecayFactor,
            CorrectCount = before?.CorrectCount ?? 0,
            FalsePositiveCount = before?.FalsePositiveCount ?? 0,
            MissedThreatCount = before?.MissedThreatCount ?? 0,
            At = at,
        };
        view.Changes.Add(entry);
        return entry;
    }
}
