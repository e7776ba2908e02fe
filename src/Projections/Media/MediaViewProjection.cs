using Hsi.Domain.Media;
using Hsi.Projections.Cameras;
using Marten;
using Marten.Patching;
using Marten.Events.Projections;

namespace Hsi.Projections.Media;

/// <summary>
/// <see cref="MediaView"/> per file, and the camera's last_seen_at. Patches touch only their own
/// fields, so concurrent files of one camera never overwrite a rename of that camera.
/// </summary>
public partial class MediaViewProjection : EventProjection
{
    public void Project(MediaReceived e, IDocumentOperations ops) =>
        Record(ops, new MediaView
        {
            Id = e.MediaId, CameraId = e.CameraId, FilePath = e.FilePath, MediaType = e.MediaType,
            Sha256 = e.Sha256, ReceivedAt = e.ReceivedAt, State = MediaState.Received,
        });

    public void Project(DuplicateMediaSkipped e, IDocumentOperations ops) =>
        Record(ops, new MediaView
        {
            Id = e.MediaId, CameraId = e.CameraId, FilePath = e.FilePath,
            Sha256 = e.Sha256, ReceivedAt = e.At, State = MediaState.Duplicate,
            OriginalMediaId = e.OriginalMediaId, CompletedAt = e.At,
        });

    public void Project(MediaAnalyzed e, IDocumentOperations ops) =>
        ops.Patch<MediaView>(e.MediaId)
            .Set(m => m.State, MediaState.Analyzed)
            .Set(m => m.DetectionCount, e.Detections.Count)
            .Set(m => m.CompletedAt, e.AnalyzedAt);

    /// <summary>A detector replay: the count is that of the newest analysis.</summary>
    public void Project(MediaReanalyzed e, IDocumentOperations ops) =>
        ops.Patch<MediaView>(e.MediaId).Set(m => m.DetectionCount, e.Detections.Count);

    public void Project(MediaRejected e, IDocumentOperations ops) =>
        ops.Patch<MediaView>(e.MediaId)
            .Set(m => m.State, MediaState.Rejected)
            .Set(m => m.RejectionReason, e.Reason)
            .Set(m => m.CompletedAt, e.RejectedAt);

    /// <summary>A file the camera sent: on record, and the camera was seen then.</summary>
    private static void Record(IDocumentOperations ops, MediaView view)
    {
        ops.Store(view);
        ops.Patch<CameraView>(view.CameraId).Set(c => c.LastSeenAt, view.ReceivedAt);
    }
}
