using System.Globalization;
using Hsi.Api.Notifications;
using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts;

/// <summary>The route of one rule.</summary>
public class RuleRequest
{
    public Guid RuleId { get; set; }
}

/// <summary>When a rule is active; every part optional.</summary>
public sealed class ScheduleBody
{
    /// <summary>monday..sunday or mon..sun, any case; empty or left out: every day.</summary>
    public List<string>? Days { get; set; }

    /// <summary>HH:MM; after end_time, the window crosses midnight (it belongs to the day it starts on).</summary>
    public string? StartTime { get; set; }

    /// <summary>HH:MM.</summary>
    public string? EndTime { get; set; }

    /// <summary>An IANA time zone (default UTC).</summary>
    public string? Timezone { get; set; }
}

/// <summary>The fields of a rule a client may send (SEED-API §6); on create name is required, on change every field is optional.</summary>
public class RuleBody : RuleRequest
{
    /// <summary>1–255 characters.</summary>
    public string? Name { get; set; }

    /// <summary>At most 2000 characters.</summary>
    public string? Description { get; set; }

    /// <summary>Default true.</summary>
    public bool? Enabled { get; set; }

    /// <summary>low, medium (default), high or critical: the alert's severity.</summary>
    public AlertSeverity? Severity { get; set; }

    /// <summary>0–100: matches when the event's risk_score is at least this.</summary>
    public int? RiskThreshold { get; set; }

    /// <summary>At most 50 labels of 1–64 characters; a detection of one of them must be in the event.</summary>
    public List<string>? ObjectTypes { get; set; }

    /// <summary>At most 50 camera ids; empty: every camera.</summary>
    public List<string>? CameraIds { get; set; }

    /// <summary>At most 50 zone ids (uuids); a detection must stand in one of them.</summary>
    public List<Guid>? ZoneIds { get; set; }

    /// <summary>0–1: a detection (of object_types, when given) must reach it.</summary>
    public double? MinConfidence { get; set; }

    public ScheduleBody? Schedule { get; set; }

    /// <summary>0–604800 (300): no second alert with the same dedup key within it.</summary>
    public int? CooldownSeconds { get; set; }

    /// <summary>At most 255 characters; variables {camera_id}, {rule_id}, {object_type} (default {camera_id}:{rule_id}).</summary>
    public string? DedupKeyTemplate { get; set; }

    /// <summary>webhook, email, mqtt.</summary>
    public List<AlertChannel>? Channels { get; set; }

    /// <summary>http(s); not a loopback, private, link-local or metadata address unless WEBHOOK_ALLOW_PRIVATE=true. Default WEBHOOK_URL.</summary>
    public string? WebhookUrl { get; set; }

    public AlertRuleFields Fields() => new(Name, Description, Enabled, Severity, RiskThreshold, ObjectTypes, CameraIds, ZoneIds, MinConfidence,
        Schedule is { } s ? new ScheduleFields(s.Days, s.StartTime, s.EndTime, s.Timezone) : null, CooldownSeconds, DedupKeyTemplate,
        Channels, WebhookUrl);

    /// <summary>The webhook target's problem (it needs the network, so it is checked here, before the decider), or null.</summary>
    public DomainError? WebhookProblem(bool allowPrivate) =>
        string.IsNullOrWhiteSpace(WebhookUrl) || WebhookTarget.Validate(WebhookUrl, allowPrivate) is not { } problem
            ? null
            : new DomainError(ErrorKind.Invalid, problem, "webhook_url");
}

public sealed record ScheduleResponse(IReadOnlyList<string> Days, string? StartTime, string? EndTime, string Timezone);

/// <summary>A rule as clients see it: its fields, <c>id</c>, <c>created_at</c>, <c>updated_at</c> and the stream's <c>version</c>.</summary>
public sealed record RuleResponse(
    Guid Id, string Name, string? Description, bool Enabled, AlertSeverity Severity, int? RiskThreshold, IReadOnlyList<string> ObjectTypes,
    IReadOnlyList<string> CameraIds, IReadOnlyList<Guid> ZoneIds, double? MinConfidence, ScheduleResponse? Schedule, int CooldownSeconds,
    string DedupKeyTemplate, IReadOnlyList<AlertChannel> Channels, string? WebhookUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version)
{
    public static RuleResponse From(AlertRuleView v)
    {
        var d = v.Definition;
        return new(v.Id, d.Name, d.Description, d.Enabled, d.Severity, d.RiskThreshold, d.ObjectTypes, d.CameraIds, d.ZoneIds, d.MinConfidence,
            d.Schedule is { } s ? new ScheduleResponse(s.Days, Clock(s.StartTime), Clock(s.EndTime), s.Timezone) : null,
            d.CooldownSeconds, d.DedupKeyTemplate, d.Channels, d.WebhookUrl, v.CreatedAt, v.UpdatedAt, v.StreamVersion);
    }

    private static string? Clock(TimeOnly? t) => t?.ToString("HH:mm", CultureInfo.InvariantCulture);
}

public static class RuleQueries
{
    public static Task<AlertRuleView?> LoadRuleOrNotFoundAsync(this IQuerySession session, Guid ruleId, HttpContext ctx, CancellationToken ct) =>
        session.LoadAsync<AlertRuleView>(ruleId, ct).OrNotFoundAsync(ctx, AlertRuleDecisions.NotFound(ruleId));
}
