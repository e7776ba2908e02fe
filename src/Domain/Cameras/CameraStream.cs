namespace Hsi.Domain.Cameras;

/// <summary>Folds a camera stream's events into its current state (null when there is no camera).</summary>
public static class CameraStream
{
    public static Camera? Fold(IEnumerable<object> events) =>
        events.Aggregate((Camera?)null, (state, e) => e switch
        {
            CameraRegistered r => Camera.Create(r),
            CameraRenamed x when state is not null => state.Apply(x),
            CameraFolderChanged x when state is not null => state.Apply(x),
            CameraStatusChanged x when state is not null => state.Apply(x),
            CameraTimezoneChanged x when state is not null => state.Apply(x),
            CameraDeleted x when state is not null => state.Apply(x),
            CameraRestored x when state is not null => state.Apply(x),
            _ => state,
        });
}
