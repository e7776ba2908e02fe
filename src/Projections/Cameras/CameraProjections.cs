using Marten.Schema;

namespace Hsi.Projections.Cameras;

/// <summary>The cameras module's read side. Inline: a created or renamed camera is read back at once.</summary>
public static class CameraProjections
{
    public static StoreOptions AddCameraProjections(this StoreOptions opts)
    {
        opts.Projections.Add<CameraViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<CameraView>()
            .UniqueIndex(UniqueIndexType.Computed, "uq_camera_name", c => c.NameKey)
            .UniqueIndex(UniqueIndexType.Computed, "uq_camera_folder", c => c.FolderPath);
        return opts;
    }
}
