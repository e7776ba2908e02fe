using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Domain.Tracks;
using Marten.Patching;
using Hsi.Domain.Retention;

namespace Hsi.Projections.Detections;

/// <summary>One <see cref="DetectionView"/> per detection of a file's newest analysis (MediaAnalyzed, then each MediaReanalyzed), until the file expires.</summary>
public partial class DetectionViewProjection : EventProjection
{
    public void Project(MediaAnalyzed e, IDocumentOperations ops) =>
        Store(ops, e.MediaId, e.CameraId, e.FilePath, e.FileType, e.MediaType, e.Model, e.Video, e.Detections);

    /// <summary>A detector replay: the file's detections are the new ones; the old ones stay only in the audit.</summary>
    public void Project(MediaReanalyzed e, IDocumentOperations ops)
    {
        foreach (var id in e.ReplacedDetectionIds) ops.Delete<DetectionView>(id);
        Store(ops, e.MediaId, e.CameraId, e.FilePath, e.FileType, e.MediaType, e.Model, e.Video, e.Detections);
    }

    private static void Store(
        IDocumentOperations ops, Guid mediaId, string cameraId, string filePath, string fileType, MediaType mediaType,
        AnalysisModel model, VideoInfo? video, IReadOnlyList<RecordedDetection> detections)
    {
        foreach (var d in detections)
        {
            ops.Store(new DetectionView
            {
                Id = d.DetectionId,
                MediaId = mediaId,
                CameraId = cameraId,
                FilePath = filePath,
                FileType = fileType,
                MediaType = mediaType,
                DetectedAt = d.DetectedAt,
                ObjectType = d.ObjectType,
                Confidence = d.Confidence,
                BboxX = d.X,
                BboxY = d.Y,
                BboxWidth = d.Width,
                BboxHeight = d.Height,
                FrameSeconds = d.FrameSeconds,
                Duration = video?.DurationSeconds,
                VideoCodec = video?.Codec,
                VideoWidth = video?.Width,
                VideoHeight = video?.Height,
                ModelName = model.Name,
                ModelVersion = model.Version,
                ZoneIds = [.. d.ZoneIds ?? []],
            });
        }
    }

    /// <summary>Tracking names each detection's track; a detection a replay or retention removed meanwhile is not there to patch.</summary>
    public void Project(DetectionsTracked e, IDocumentOperations ops)
    {
        foreach (var d in e.Detections)
            ops.Patch<DetectionView>(d.DetectionId)
                .Set(v => v.TrackId, d.TrackId)
                .Set(v => v.TrackConfidence, d.TrackConfidence)
                .Set(v => v.AssociationCreatedAt, StoredTime.Of(e.At));
    }

    /// <summary>Enrichment (the stage, or a replay): the newest enrichment's summary is the detection's.</summary>
    public void Project(DetectionEnriched e, IDocumentOperations ops)
    {
        foreach (var d in e.Detections) ops.Patch<DetectionView>(d.DetectionId).Set(v => v.Enrichment, EnrichmentSummary.Of(d));
    }

    /// <summary>Disk space: the detection stays, its pictures are gone.</summary>
    public void Project(MediaEvicted e, IDocumentOperations ops)
    {
        foreach (var id in e.DetectionIds) ops.Patch<DetectionView>(id).Set(v => v.MediaEvictedAt, StoredTime.Of(e.At));
    }

    /// <summary>Retention: the file's detections leave the read model (its stream stays, archived).</summary>
    public void Project(MediaExpired e, IDocumentOperations ops)
    {
        foreach (var id in e.DetectionIds) ops.Delete<DetectionView>(id);
    }
}
