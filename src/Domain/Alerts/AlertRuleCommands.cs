namespace Hsi.Domain.Alerts;

/// <summary>A schedule as a client sent it: days by name (<c>monday</c> or <c>mon</c>), times as <c>HH:MM</c>.</summary>
public sealed record ScheduleFields(IReadOnlyList<string>? Days, string? StartTime, string? EndTime, string? Timezone);

/// <summary>
/// The fields of a rule a client sent; null means "not sent". On create the defaults apply (enabled,
/// severity medium, cooldown 300 s, dedup key <c>{camera_id}:{rule_id}</c>, no channels); on change only what was sent.
/// The webhook URL's target is checked before (it needs the network); here only its presence.
/// </summary>
public sealed record AlertRuleFields(
    string? Name = null, string? Description = null, bool? Enabled = null, AlertSeverity? Severity = null, int? RiskThreshold = null,
    IReadOnlyList<string>? ObjectTypes = null, IReadOnlyList<string>? CameraIds = null, IReadOnlyList<Guid>? ZoneIds = null,
    double? MinConfidence = null, ScheduleFields? Schedule = null, int? CooldownSeconds = null, string? DedupKeyTemplate = null,
    IReadOnlyList<AlertChannel>? Channels = null, string? WebhookUrl = null);

public record CreateAlertRule(Guid RuleId, AlertRuleFields Fields);

public record ChangeAlertRule(Guid RuleId, AlertRuleFields Fields);

public record DeleteAlertRule(Guid RuleId);

/// <summary>
/// Evaluate every enabled rule against an event just assessed or reassessed: a durable message on the
/// <c>alerts</c> queue, published by the alert trigger subscription with its progress.
/// </summary>
public record EvaluateAlertRules(long EventId, DateTimeOffset AssessedAt);
