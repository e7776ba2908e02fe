using System.Text.Json;
using Hsi.Domain.Alerts;

namespace Hsi.Api.Notifications.Mqtt;

/// <summary>
/// The <c>mqtt</c> channel: the alert as JSON on <c>{prefix}/alerts</c> and <c>{prefix}/{camera}/alert</c>,
/// at QoS 1, so the outcome is the broker's PUBACK; disconnected is a failure now (Wolverine retries),
/// never a message parked in the fire-and-forget outbox.
/// </summary>
public sealed class MqttAlertChannel(MqttConnection mqtt) : INotificationChannel
{
    public const string ChannelName = "mqtt";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Name => ChannelName;

    public bool IsConfigured => mqtt.IsConfigured;

    public async Task<ChannelOutcome> SendAsync(AlertRaised alert, ChannelOverrides? overrides, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(new AlertMessage(
            alert.AlertId, alert.RuleId, alert.RuleName, alert.EventId, alert.CameraId, alert.CameraName, alert.Severity, alert.RiskScore,
            alert.RiskLevel, alert.Summary, alert.ObjectTypes, alert.DedupKey, alert.RaisedAt, $"/api/alerts/{alert.AlertId}", $"/api/events/{alert.EventId}"), Json);
        var outcome = await mqtt.PublishAsync(MqttConnection.Message(mqtt.Topics.Alerts, payload, retain: false), ct);
        if (!outcome.Succeeded) return outcome;
        return await mqtt.PublishAsync(MqttConnection.Message(mqtt.Topics.CameraAlert(alert.CameraId), payload, retain: false), ct);
    }

    private sealed record AlertMessage(
        Guid AlertId, Guid RuleId, string RuleName, long EventId, string CameraId, string CameraName, string Severity, int RiskScore,
        string RiskLevel, string? Summary, IReadOnlyList<string> ObjectTypes, string DedupKey, DateTimeOffset RaisedAt, string Url, string EventUrl);
}
