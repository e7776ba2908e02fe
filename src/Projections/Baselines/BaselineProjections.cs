namespace Hsi.Projections.Baselines;

/// <summary>
/// The baselines module's read side. Inline: a file's detections count in its camera's baseline (and the
/// risk assessment that follows) as soon as they are recorded; a PATCH of the config is read back at once.
/// </summary>
public static class BaselineProjections
{
    public static StoreOptions AddBaselineProjections(this StoreOptions opts)
    {
        opts.Projections.Add<DetectionTallyViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AnomalyConfigViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<DetectionTallyView>()
            .Duplicate(t => t.CameraId)
            .Duplicate(t => t.FirstUnixHour)
            .Duplicate(t => t.LastUnixHour)
            // A camera's window and its first observed hour are each one range probe.
            .Index([t => t.CameraId, t => t.LastUnixHour!], i => i.Name = "ix_detectiontallyview_camera_last_hour")
            .Index([t => t.CameraId, t => t.FirstUnixHour!], i => i.Name = "ix_detectiontallyview_camera_first_hour");
        return opts;
    }
}
