namespace Hsi.Projections.Scenes;

/// <summary>The scene-change module's read side. Inline: a change recorded or acknowledged is listed at once.</summary>
public static class SceneProjections
{
    public static StoreOptions AddSceneProjections(this StoreOptions opts)
    {
        opts.Projections.Add<SceneChangeViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<SceneChangeView>()
            .Duplicate(v => v.CameraId)
            .Duplicate(v => v.DetectedAt)
            // The list's keyset: one camera's changes, newest first by (detected_at, id).
            .Index(v => v.CameraId, i => { i.Columns = ["camera_id", "detected_at", "id"]; i.Name = "ix_scenechangeview_camera_detected_id"; });
        return opts;
    }
}
