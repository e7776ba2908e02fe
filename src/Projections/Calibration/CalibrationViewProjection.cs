using Hsi.Domain.Calibration;

namespace Hsi.Projections.Calibration;

/// <summary>The one writer of <see cref="CalibrationView"/>: every event of a <c>calibration:&lt;user&gt;</c> stream.</summary>
public partial class CalibrationViewProjection : MultiStreamProjection<CalibrationView, string>
{
    public CalibrationViewProjection()
    {
        Identity<CalibrationChanged>(e => e.UserId);
        Identity<CalibrationAdjusted>(e => e.UserId);
        Identity<CalibrationReset>(e => e.UserId);
    }

    public void Apply(IEvent<CalibrationChanged> e, CalibrationView view) =>
        Record(view, e, e.Data.UserId, e.Data.Thresholds, e.Data.At);

    public void Apply(IEvent<CalibrationReset> e, CalibrationView view) =>
        Record(view, e, e.Data.UserId, e.Data.Thresholds, e.Data.At);

    public void Apply(IEvent<CalibrationAdjusted> e, CalibrationView view)
    {
        Record(view, e, e.Data.UserId, e.Data.Thresholds, e.Data.At);
        switch (e.Data.Kind)
        {
            case FeedbackKind.Correct: view.CorrectCount++; break;
            case FeedbackKind.FalsePositive: view.FalsePositiveCount++; break;
            case FeedbackKind.MissedThreat: view.MissedThreatCount++; break;
        }
    }

    /// <summary>Whichever event starts the stream creates the calibration at its time, as <see cref="Domain.Calibration.Calibration.Evolve"/> does.</summary>
    private static void Record(CalibrationView view, IEvent e, string userId, Thresholds thresholds, DateTimeOffset at)
    {
        if (view.CreatedAt == default)
        {
            view.Id = CalibrationView.SingleUserNumber;
            view.UserId = userId;
            view.CreatedAt = at;
        }
        view.LowThreshold = thresholds.Low;
        view.MediumThreshold = thresholds.Medium;
        view.HighThreshold = thresholds.High;
        view.DecayFactor = thresholds.DecayFactor;
        view.StreamVersion = e.Version;
        view.UpdatedAt = at;
    }
}
