using Hsi.Domain.Common;
using Hsi.Domain.Scenes;

namespace Hsi.Projections.Scenes;

/// <summary>The one writer of <see cref="SceneChangeView"/>, from the cameras' scene streams.</summary>
public partial class SceneChangeViewProjection : MultiStreamProjection<SceneChangeView, long>
{
    public SceneChangeViewProjection()
    {
        Identity<SceneChangeDetected>(e => e.ChangeId);
        Identity<SceneChangeAcknowledged>(e => e.ChangeId);
        Identity<SceneViewRestored>(e => e.ChangeId);
    }

    public SceneChangeView Create(SceneChangeDetected e) => new()
    {
        Id = e.ChangeId, CameraId = e.CameraId, DetectedAt = StoredTime.Of(e.DetectedAt), ChangeType = e.ChangeType,
        SimilarityScore = e.SimilarityScore, FilePath = e.FilePath, MediaId = e.MediaId,
    };

    public void Apply(SceneChangeAcknowledged e, SceneChangeView view) =>
        (view.Acknowledged, view.AcknowledgedAt) = (true, StoredTime.Of(e.At));

    public void Apply(SceneViewRestored e, SceneChangeView view) => view.RestoredAt = StoredTime.Of(e.At);
}
