using Hsi.Domain.Enrichment;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Cameras;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents;

/// <summary>A security event as clients see it (SPEC.md §1 Event, CONTRACT.md EventResponse).</summary>
public sealed record EventResponse(
    long Id, string CameraId, string? CameraName, string BatchId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    int? RiskScore, string? RiskLevel, string? Summary, string? Reasoning, string? RecommendedAction,
    bool Reviewed, bool Flagged, string? Notes, DateTimeOffset? SnoozeUntil, DateTimeOffset? DeletedAt,
    int DetectionCount, IReadOnlyList<long> DetectionIds, IReadOnlyList<string> ObjectTypes, string? ThumbnailUrl,
    string? LlmPrompt, object? ConfidenceFactors, object? EnrichmentStatus, IReadOnlyList<object> Entities, IReadOnlyList<object> Flags,
    IReadOnlyList<RiskFactor>? RiskFactors, bool IsFastPath, long Version, IReadOnlyList<Guid> ZoneIds)
{
    /// <param name="view">The event's read model.</param>
    /// <param name="cameraName">The camera's current name, so responses follow renames.</param>
    public static EventResponse From(SecurityEventView view, string? cameraName) => new(
        view.Id, view.CameraId, cameraName, view.BatchId, view.StartedAt, view.EndedAt,
        view.RiskScore, view.RiskLevel, view.Summary, view.Reasoning, view.RecommendedAction,
        view.Reviewed, view.Flagged, view.Notes, view.SnoozeUntil, view.DeletedAt,
        view.DetectionCount, view.DetectionIds, view.ObjectTypes,
        view.DetectionIds.Count == 0 ? null : $"/api/detections/{view.DetectionIds[0]}/image",
        null, null, EnrichmentOf(view), [], [], view.RiskScore is null ? null : view.RiskFactors, view.IsFastPath, view.StreamVersion, view.ZoneIds);

    /// <summary>The enrichment its risk decision was made with (pending until it is assessed; null for decisions made before enrichment was).</summary>
    private static EnrichmentSummary? EnrichmentOf(SecurityEventView view) =>
        view.Enrichment ?? (view.AssessedAt is null ? EnrichmentSummary.PendingSummary : null);
}
