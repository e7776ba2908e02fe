namespace Hsi.Domain.Scenes;

/// <summary>How a camera's view changed (SEED-API §3); see <see cref="SceneDecisions"/> for what each one means.</summary>
public enum SceneChangeType { ViewBlocked, AngleChanged, ViewTampered }

/// <summary>Why the reference view is the picture it is now.</summary>
public enum SceneReferenceReason { FirstPicture, Acknowledged }

/// <summary>
/// The view a camera's later pictures are compared with (on <c>scene:&lt;camera_id&gt;</c>):
/// a <see cref="SceneThumbnail.Side"/>² grey thumbnail, row by row.
/// </summary>
public record SceneReferenceSet(
    string CameraId, byte[] Thumbnail, SceneReferenceReason Reason, Guid MediaId, string FilePath, DateTimeOffset At);

/// <summary>A picture no longer looks like the reference: <paramref name="SimilarityScore"/> is its SSIM to it (0–1).</summary>
public record SceneChangeDetected(
    long ChangeId, string CameraId, SceneChangeType ChangeType, double SimilarityScore, byte[] Thumbnail,
    Guid MediaId, string FilePath, DateTimeOffset DetectedAt);

/// <summary>A picture looks like the reference again: the pending change is over (the cover was taken off, the camera turned back).</summary>
public record SceneViewRestored(string CameraId, long ChangeId, double SimilarityScore, Guid MediaId, DateTimeOffset At);

/// <summary>Someone saw the change.</summary>
public record SceneChangeAcknowledged(long ChangeId, string CameraId, DateTimeOffset At);
