using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts;

/// <summary>The route of one alert.</summary>
public class AlertRequest
{
    public Guid AlertId { get; set; }
}

/// <summary>A channel's outcome for the alert (delivered, failed, pending), in the alert's metadata.</summary>
public sealed record ChannelOutcomeResponse(string Channel, string Status, int Attempts, DateTimeOffset? DeliveredAt, string? Error);

/// <summary>What the alert is about: the event's camera, risk and objects, and how each channel fared.</summary>
public sealed record AlertMetadata(
    string CameraId, string CameraName, int RiskScore, string RiskLevel, string? Summary, IReadOnlyList<string> ObjectTypes,
    string? DismissReason, IReadOnlyList<ChannelOutcomeResponse> Deliveries);

/// <summary>An alert as clients see it (SEED-API §6, with acknowledged_at, dismissed_at, suppressed_by and version).</summary>
public sealed record AlertResponse(
    Guid Id, long EventId, Guid RuleId, string RuleName, string Severity, AlertStatus Status, string DedupKey, IReadOnlyList<string> Channels,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? DismissedAt,
    string? SuppressedBy, long Version, AlertMetadata Metadata)
{
    public static AlertResponse From(AlertView v) => new(v.Id, v.EventId, v.RuleId, v.RuleName, v.Severity, v.Status, v.DedupKey, v.Channels,
        v.CreatedAt, v.UpdatedAt, v.DeliveredAt, v.AcknowledgedAt, v.DismissedAt, v.SuppressedBy, v.StreamVersion,
        new AlertMetadata(v.CameraId, v.CameraName, v.RiskScore, v.RiskLevel, v.Summary, v.ObjectTypes, v.DismissReason,
            [.. v.ChannelStates.Select(c => new ChannelOutcomeResponse(c.Channel, c.Status, c.Attempts, c.DeliveredAt, c.Error))]));
}

public static class AlertQueries
{
    public static Task<AlertView?> LoadAlertOrNotFoundAsync(this IQuerySession session, Guid alertId, HttpContext ctx, CancellationToken ct) =>
        session.LoadAsync<AlertView>(alertId, ct).OrNotFoundAsync(ctx, AlertDecisions.NotFound(alertId));
}

/// <summary>An optional body: <c>version</c>, when given, must be the alert's current version (else 409 with current_version).</summary>
public class TransitionRequest : AlertRequest
{
    public long? Version { get; set; }
}
