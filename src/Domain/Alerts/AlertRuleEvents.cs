namespace Hsi.Domain.Alerts;

public enum AlertSeverity { Low, Medium, High, Critical }

/// <summary>The ways out a rule may name (each a durable <see cref="DeliverAlert"/>).</summary>
public enum AlertChannel { Webhook, Email, Mqtt }

/// <summary>When a rule is active: on <see cref="Days"/> (every day when empty), between the times (all day when none), in <see cref="Timezone"/>.</summary>
/// <param name="Days">Full lower-case day names.</param>
/// <param name="StartTime">A window whose start is after its end crosses midnight: it belongs to the day it starts on.</param>
public sealed record AlertSchedule(IReadOnlyList<string> Days, TimeOnly? StartTime, TimeOnly? EndTime, string Timezone);

/// <summary>A whole rule as stored: every condition is ANDed; a null or empty list matches anything.</summary>
public sealed record AlertRuleDefinition(
    string Name, string? Description, bool Enabled, AlertSeverity Severity, int? RiskThreshold,
    IReadOnlyList<string> ObjectTypes, IReadOnlyList<string> CameraIds, IReadOnlyList<Guid> ZoneIds, double? MinConfidence,
    AlertSchedule? Schedule, int CooldownSeconds, string DedupKeyTemplate, IReadOnlyList<AlertChannel> Channels, string? WebhookUrl);

/// <summary>A rule was written (on <c>alert-rule:&lt;uuid&gt;</c>).</summary>
public record AlertRuleCreated(Guid RuleId, AlertRuleDefinition Definition, DateTimeOffset At);

/// <summary>Some of a rule's fields changed; the definition is the whole rule after the change.</summary>
public record AlertRuleUpdated(Guid RuleId, AlertRuleDefinition Definition, DateTimeOffset At);

public record AlertRuleDeleted(Guid RuleId, DateTimeOffset At);

/// <summary>
/// A rule raised an alert for a dedup key (on <c>alert-dedup:&lt;rule&gt;:&lt;key&gt;</c>): no other alert of
/// the rule with that key until <paramref name="Until"/>. Appended with the version read, so two evaluations at once raise one alert.
/// </summary>
public record AlertCooldownStarted(Guid RuleId, string DedupKey, Guid AlertId, long EventId, DateTimeOffset At, DateTimeOffset Until);
