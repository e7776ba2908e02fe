namespace Hsi.Projections.Detections;

/// <summary>The detections module's read side. Inline: a detection is listed as soon as it is recorded.</summary>
public static class DetectionProjections
{
    public static StoreOptions AddDetectionProjections(this StoreOptions opts)
    {
        opts.Projections.Add<DetectionViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<DetectionView>()
            .Identity(d => d.Id)
            .Duplicate(d => d.DetectedAt)
            .Duplicate(d => d.CameraId)
            .Duplicate(d => d.ObjectType)
            .Duplicate(d => d.Confidence)
            // What analytics (trends, uptime, object distribution) read, a camera's time range at a time: index-only range scans.
            .Index([d => d.CameraId, d => d.DetectedAt, d => d.ObjectType], i => i.Name = "ix_detectionview_analytics");
        return opts;
    }
}
