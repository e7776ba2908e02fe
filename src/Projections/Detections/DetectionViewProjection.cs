using Hsi.Domain.Media;
using Hsi.Domain.Retention;
using Marten;
using Marten.Events.Projections;

namespace Hsi.Projections.Detections;

/// <summary>One <see cref="DetectionView"/> per detection recorded in a MediaAnalyzed event, until its file expires.</summary>
public partial class DetectionViewProjection : EventProjection
{
    public void Project(MediaAnalyzed e, IDocumentOperations ops)
    {
        foreach (var d in e.Detections)
        {
            ops.Store(new DetectionView
            {
                Id = d.DetectionId,
                MediaId = e.MediaId,
                CameraId = e.CameraId,
                FilePath = e.FilePath,
                FileType = e.FileType,
                MediaType = e.MediaType,
                DetectedAt = d.DetectedAt,
                ObjectType = d.ObjectType,
                Confidence = d.Confidence,
                BboxX = d.X,
                BboxY = d.Y,
                BboxWidth = d.Width,
                BboxHeight = d.Height,
                FrameSeconds = d.FrameSeconds,
                Duration = e.Video?.DurationSeconds,
                VideoCodec = e.Video?.Codec,
                VideoWidth = e.Video?.Width,
                VideoHeight = e.Video?.Height,
                ModelName = e.Model.Name,
                ModelVersion = e.Model.Version,
            });
        }
    }

    /// <summary>Retention: the file's detections leave the read model (its stream stays, archived).</summary>
    public void Project(MediaExpired e, IDocumentOperations ops)
    {
        foreach (var id in e.DetectionIds) ops.Delete<DetectionView>(id);
    }
}
