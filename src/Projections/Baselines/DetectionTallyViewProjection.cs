using Hsi.Domain.Media;
using Hsi.Domain.Retention;

namespace Hsi.Projections.Baselines;

/// <summary>The one writer of <see cref="DetectionTallyView"/>: a file's tally from its newest analysis, gone when the file expires.</summary>
public partial class DetectionTallyViewProjection : EventProjection
{
    public void Project(MediaAnalyzed e, IDocumentOperations ops) => ops.Store(Tally(e.MediaId, e.CameraId, e.Detections));

    /// <summary>A detector replay: the new detections are the file's, so they replace its tally whole.</summary>
    public void Project(MediaReanalyzed e, IDocumentOperations ops) => ops.Store(Tally(e.MediaId, e.CameraId, e.Detections));

    /// <summary>Retention: the file's detections leave every read model, baselines included.</summary>
    public void Project(MediaExpired e, IDocumentOperations ops) => ops.Delete<DetectionTallyView>(e.MediaId);

    public static long UnixHourOf(DateTimeOffset t) => (long)Math.Floor(t.ToUnixTimeSeconds() / 3600.0);

    private static DetectionTallyView Tally(Guid mediaId, string cameraId, IReadOnlyList<RecordedDetection> detections)
    {
        var hours = detections.GroupBy(d => (Hour: UnixHourOf(d.DetectedAt), d.ObjectType))
            .OrderBy(g => g.Key.Hour).ThenBy(g => g.Key.ObjectType, StringComparer.Ordinal)
            .Select(g => new HourTally { UnixHour = g.Key.Hour, ObjectType = g.Key.ObjectType, Count = g.Count() })
            .ToList();
        return new DetectionTallyView
        {
            Id = mediaId, CameraId = cameraId, Hours = hours,
            FirstUnixHour = hours.Count == 0 ? null : hours[0].UnixHour,
            LastUnixHour = hours.Count == 0 ? null : hours[^1].UnixHour,
        };
    }
}
