using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Cameras;
using Hsi.Projections.SecurityEvents;
using Marten;
using Hsi.Api.Http;

namespace Hsi.Api.Features.Events;

/// <summary>A security event as clients see it (SPEC.md §1 Event, CONTRACT.md EventResponse).</summary>
public sealed record EventResponse(
    long Id, string CameraId, string? CameraName, string BatchId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    int? RiskScore, string? RiskLevel, string? Summary, string? Reasoning, string? RecommendedAction,
    bool Reviewed, bool Flagged, string? Notes, DateTimeOffset? SnoozeUntil, DateTimeOffset? DeletedAt,
    int DetectionCount, IReadOnlyList<long> DetectionIds, IReadOnlyList<string> ObjectTypes, string? ThumbnailUrl,
    string? LlmPrompt, object? ConfidenceFactors, object? EnrichmentStatus, IReadOnlyList<object> Entities, IReadOnlyList<object> Flags,
    IReadOnlyList<RiskFactor>? RiskFactors, bool IsFastPath, long Version)
{
    /// <param name="view">The event's read model.</param>
    /// <param name="cameraName">The camera's current name, so responses follow renames.</param>
    public static EventResponse From(SecurityEventView view, string? cameraName) => new(
        view.Id, view.CameraId, cameraName, view.BatchId, view.StartedAt, view.EndedAt,
        view.RiskScore, view.RiskLevel, view.Summary, view.Reasoning, view.RecommendedAction,
        view.Reviewed, view.Flagged, view.Notes, view.SnoozeUntil, view.DeletedAt,
        view.DetectionCount, view.DetectionIds, view.ObjectTypes,
        view.DetectionIds.Count == 0 ? null : $"/api/detections/{view.DetectionIds[0]}/image",
        null, null, null, [], [], view.RiskScore is null ? null : view.RiskFactors, view.IsFastPath, view.StreamVersion);
}

public static class EventQueries
{
    /// <summary>The event as clients see it, or null after answering 404 in the SPEC shape.</summary>
    public static async Task<EventResponse?> LoadResponseOrNotFoundAsync(this IQuerySession session, long id, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadAsync<SecurityEventView>(id, ct) is { DeletedAt: null } view)
            return EventResponse.From(view, (await session.LoadAsync<CameraView>(view.CameraId, ct))?.Name);
        await ctx.SendDetail(404, SecurityEventDecisions.NotFound(id));
        return null;
    }

    /// <summary>
    /// The event as it stood at <paramref name="asOf"/>, folded from its stream by the projection's own code (time travel), or null after a 404
    /// when it did not exist yet. The camera name is today's, as in every other response.
    /// </summary>
    public static async Task<EventResponse?> LoadResponseAsOfOrNotFoundAsync(this IQuerySession session, long id, DateTimeOffset asOf, HttpContext ctx, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(id), timestamp: asOf, token: ct);
        if (new SecurityEventViewProjection().Fold(id, events) is { } view)
            return EventResponse.From(view, (await session.LoadAsync<CameraView>(view.CameraId, ct))?.Name);
        await ctx.SendDetail(404, $"Event {id} did not exist at {JsonDefaults.Format(asOf)}");
        return null;
    }
}
