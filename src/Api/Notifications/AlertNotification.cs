using System.Text.Json;
using Hsi.Domain.Alerts;

namespace Hsi.Api.Notifications;

/// <summary>
/// What a webhook receives: the alert and its event's summary, serialised once so the signature
/// covers exactly the bytes sent.
/// </summary>
public sealed record AlertNotification(
    string Type, Guid Id, long EventId, AlertNotification.RuleRef Rule, string Severity, AlertNotification.CameraRef Camera,
    int RiskScore, string RiskLevel, string? Summary, IReadOnlyList<string> ObjectTypes, DateTimeOffset CreatedAt, bool Test,
    AlertNotification.LinkSet Links)
{
    public sealed record RuleRef(Guid Id, string Name);
    public sealed record CameraRef(string Id, string Name);
    public sealed record LinkSet(string Event, string Alert);

    public static AlertNotification Of(AlertRaised alert) => new(
        "alert", alert.AlertId, alert.EventId, new RuleRef(alert.RuleId, alert.RuleName), alert.Severity,
        new CameraRef(alert.CameraId, alert.CameraName), alert.RiskScore, alert.RiskLevel, alert.Summary, alert.ObjectTypes,
        alert.RaisedAt, TestNotification.Is(alert), new LinkSet($"/api/events/{alert.EventId}", $"/api/alerts/{alert.AlertId}"));

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonDefaults.Options);
}

/// <summary>The made-up alert that <c>POST /api/notification/test</c> sends: no rule, no event.</summary>
public static class TestNotification
{
    public const string RuleName = "Test notification";

    public static AlertRaised Create(DateTimeOffset now) => new(
        Guid.NewGuid(), Guid.Empty, RuleName, 0, "test", "Test camera", "low", 0, "low",
        "This is a test notification from Home Security Intelligence.", [], "test", [], null, null, now);

    public static bool Is(AlertRaised alert) => alert.RuleId == Guid.Empty;
}
