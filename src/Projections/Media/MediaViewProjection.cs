using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.Retention;
using Marten.Patching;

namespace Hsi.Projections.Media;

/// <summary>The one writer of <see cref="MediaView"/>: a document per file, from its media stream.</summary>
public partial class MediaViewProjection : EventProjection
{
    public void Project(MediaReceived e, IDocumentOperations ops) =>
        ops.Store(new MediaView
        {
            Id = e.MediaId, CameraId = e.CameraId, FilePath = e.FilePath, MediaType = e.MediaType,
            Sha256 = e.Sha256, ReceivedAt = e.ReceivedAt, State = MediaState.Received, SizeBytes = e.SizeBytes,
        });

    public void Project(DuplicateMediaSkipped e, IDocumentOperations ops) =>
        ops.Store(new MediaView
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

    public void Project(DetectionsGrouped e, IDocumentOperations ops) =>
        ops.Patch<MediaView>(e.MediaId).Set(m => m.EventIds, e.EventIds.ToList());

    /// <summary>Disk space: the file is no longer on disk; the media stays listed.</summary>
    public void Project(MediaEvicted e, IDocumentOperations ops) =>
        ops.Patch<MediaView>(e.MediaId)
            .Set(m => m.EvictedAt, StoredTime.Of(e.At))
            .Set(m => m.EvictionReason, e.Reason);

    /// <summary>Retention: the file leaves the read model (its stream stays, archived).</summary>
    public void Project(MediaExpired e, IDocumentOperations ops) => ops.Delete<MediaView>(e.MediaId);
}
