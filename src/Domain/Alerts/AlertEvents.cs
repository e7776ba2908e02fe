namespace Hsi.Domain.Alerts;

/// <summary>
/// A rule matched an assessed security event (on <c>alert:&lt;uuid&gt;</c>). Carries what a notification
/// needs, so a channel never reads another stream to say what happened.
/// </summary>
/// <param name="Channels">The rule's channels left after the notification preferences (camera, risk level).</param>
/// <param name="SuppressedBy">Why no channel delivers (quiet hours, preferences); null when they do.</param>
public record AlertRaised(
    Guid AlertId, Guid RuleId, string RuleName, long EventId, string CameraId, string CameraName, string Severity,
    int RiskScore, string RiskLevel, string? Summary, IReadOnlyList<string> ObjectTypes, string DedupKey,
    IReadOnlyList<string> Channels, string? WebhookUrl, string? SuppressedBy, DateTimeOffset RaisedAt);

/// <summary>One try of one channel for an alert; <paramref name="Error"/> is null when it went through.</summary>
public record AlertDeliveryAttempted(
    Guid AlertId, string Channel, int Attempt, bool Succeeded, string? Error, int? StatusCode, double DurationMs, DateTimeOffset At);

/// <summary>A channel delivered the alert (first success per channel); the alert's status becomes <c>delivered</c>.</summary>
public record AlertDelivered(Guid AlertId, string Channel, DateTimeOffset At);

/// <summary>A channel gave up on the alert after its retries (the message is in <c>dlq:notification_queue</c>).</summary>
public record AlertDeliveryFailed(Guid AlertId, string Channel, string Error, DateTimeOffset At);

public record AlertAcknowledged(Guid AlertId, DateTimeOffset At);

public record AlertDismissed(Guid AlertId, string? Reason, DateTimeOffset At);

/// <summary>Deliver one alert over one channel: a durable message on the <c>notification</c> queue.</summary>
public record DeliverAlert(Guid AlertId, string Channel);
