namespace Hsi.Projections.Calibration;

/// <summary>The calibration module's read side. Inline, so a change is read back at once.</summary>
public static class CalibrationProjections
{
    public static StoreOptions AddCalibrationProjections(this StoreOptions opts)
    {
        opts.Projections.Add<CalibrationViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<CalibrationView>().Identity(c => c.UserId);
        opts.Projections.Add<CalibrationHistoryViewProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
