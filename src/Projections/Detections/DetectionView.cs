using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;

namespace Hsi.Projections.Detections;

/// <summary>Read model of one detection: what every detection GET returns.</summary>
public sealed class DetectionView
{
    public long Id { get; set; }
    public Guid MediaId { get; set; }
    public string CameraId { get; set; } = "";
    public string FilePath { get; set; } = "";
    public string FileType { get; set; } = "";
    public MediaType MediaType { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public string ObjectType { get; set; } = "";
    public double Confidence { get; set; }
    public int BboxX { get; set; }
    public int BboxY { get; set; }
    public int BboxWidth { get; set; }
    public int BboxHeight { get; set; }
    public double? FrameSeconds { get; set; }
    public double? Duration { get; set; }
    public string? VideoCodec { get; set; }
    public int? VideoWidth { get; set; }
    public int? VideoHeight { get; set; }
    public string ModelName { get; set; } = "";
    public string ModelVersion { get; set; } = "";
    public Dictionary<string, object?> EnrichmentData { get; set; } = [];

    /// <summary>What its newest enrichment came to; null until enriched.</summary>
    public EnrichmentSummary? Enrichment { get; set; }

    /// <summary>The zones its standing point was in when analysed (or re-detected), highest priority first.</summary>
    public List<Guid> ZoneIds { get; set; } = [];

    /// <summary>The camera's track it joined (DetectionsTracked), with the association's IoU and time; null until tracked.</summary>
    public long? TrackId { get; set; }
    public double? TrackConfidence { get; set; }
    public DateTimeOffset? AssociationCreatedAt { get; set; }

    /// <summary>When its file (and the pictures made from it) was removed for disk space; null while kept.</summary>
    public DateTimeOffset? MediaEvictedAt { get; set; }
}
