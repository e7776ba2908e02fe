using Hsi.Domain.Enrichment;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Projections.SecurityEvents;

/// <summary>Read model of one security event: what every event GET, list, search and export reads.</summary>
public sealed class SecurityEventView
{
    public long Id { get; set; }
    public string BatchId { get; set; } = "";
    public string CameraId { get; set; } = "";
    public bool IsFastPath { get; set; }

    /// <summary>The earliest detection (the batch's opening while it has none).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The latest detection; never before <see cref="StartedAt"/>.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset OpenedAt { get; set; }
    public bool Closed { get; set; }
    public CloseReason? CloseReason { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public int? RiskScore { get; set; }
    /// <summary>low, medium, high or critical: derived with the calibration in force when decided.</summary>
    public string? RiskLevel { get; set; }
    public string? Summary { get; set; }
    public string? Reasoning { get; set; }
    public string? RecommendedAction { get; set; }
    public List<RiskFactor> RiskFactors { get; set; } = [];
    public string? Analyzer { get; set; }
    public bool AnalysisFallback { get; set; }
    public DateTimeOffset? AssessedAt { get; set; }

    /// <summary>The enrichment its newest risk decision was made with; null until assessed (or decided before enrichment was).</summary>
    public EnrichmentSummary? Enrichment { get; set; }

    public bool Reviewed { get; set; }
    public bool Flagged { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset? SnoozeUntil { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    public List<long> DetectionIds { get; set; } = [];
    public int DetectionCount { get; set; }
    /// <summary>Distinct object types, in order of first appearance.</summary>
    public List<string> ObjectTypes { get; set; } = [];

    /// <summary>The zones any of its detections stood in, in order of first appearance.</summary>
    public List<Guid> ZoneIds { get; set; } = [];

    /// <summary>
    /// The event stream's version: PATCH's optimistic concurrency token, served as <c>version</c>.
    /// Not named <c>Version</c> in code: Marten would take that for the document's own revision.
    /// </summary>
    public long StreamVersion { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
