using Hsi.Domain.Enrichment;

namespace Hsi.Projections.Enrichment;

/// <summary>
/// The enrichment in force for one detection (its newest DetectionEnriched): what
/// <c>GET /api/detections/{id}/enrichment</c> and <c>GET /api/events/{id}/enrichments</c> read.
/// Older enrichments of the detection stay in its media stream.
/// </summary>
public sealed class DetectionEnrichmentView
{
    /// <summary>The detection's id.</summary>
    public long Id { get; set; }
    public Guid MediaId { get; set; }
    public string CameraId { get; set; } = "";

    /// <summary>What the models found; the re-identification vector is left out (entities keep it).</summary>
    public DetectionEnrichment Enrichment { get; set; } = null!;

    public DateTimeOffset EnrichedAt { get; set; }

    /// <summary>The enrichment replay job that recorded it; null for the pipeline's own run.</summary>
    public Guid? ReplayId { get; set; }
}
