using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Domain.Retention;

namespace Hsi.Projections.Enrichment;

/// <summary>
/// The one writer of <see cref="DetectionEnrichmentView"/>: each DetectionEnriched of a <c>media:&lt;id&gt;</c> stream
/// makes the newest enrichment its detections' own; a detector replay or retention removes the detections' views with them.
/// </summary>
public partial class DetectionEnrichmentViewProjection : EventProjection
{
    public void Project(DetectionEnriched e, IDocumentOperations ops)
    {
        foreach (var d in e.Detections)
        {
            ops.Store(new DetectionEnrichmentView
            {
                Id = d.DetectionId,
                MediaId = e.MediaId,
                CameraId = e.CameraId,
                Enrichment = d.Embedding is { } embedding ? d with { Embedding = embedding with { Vector = [] } } : d,
                EnrichedAt = e.EnrichedAt,
                ReplayId = e.ReplayId,
            });
        }
    }

    public void Project(MediaReanalyzed e, IDocumentOperations ops)
    {
        foreach (var id in e.ReplacedDetectionIds) ops.Delete<DetectionEnrichmentView>(id);
    }

    public void Project(MediaExpired e, IDocumentOperations ops)
    {
        foreach (var id in e.DetectionIds) ops.Delete<DetectionEnrichmentView>(id);
    }
}
