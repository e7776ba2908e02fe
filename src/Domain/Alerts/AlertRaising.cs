using System.Security.Cryptography;
using System.Text;
using Hsi.Domain.Common;

namespace Hsi.Domain.Alerts;

/// <summary>What raising one rule's alert for one event comes to: the events of the alert stream and of the rule's cooldown for the key.</summary>
/// <param name="WhyNot">Why no alert is raised (already raised for the event, in cooldown, no match), or null when one is.</param>
public sealed record RaiseDecision(Guid AlertId, string DedupKey, Decision Alert, Decision Cooldown, string? WhyNot)
{
    public bool Raises => WhyNot is null;
}

/// <summary>
/// Exactly one alert per (rule, dedup key) per cooldown, and one per (rule, event) ever: the alert's id is
/// derived from the rule and the event, so a second evaluation of the same event (a redelivered message, a
/// reassessment) finds its alert's stream already started; the cooldown stream of the key is appended with
/// the version read, so two events raced on two nodes cannot both open the cooldown.
/// </summary>
public static class AlertRaising
{
    /// <summary>The dedup key of the rule's alert for the event (its cooldown stream is read with it).</summary>
    public static string DedupKeyFor(Guid ruleId, AlertRuleDefinition rule, AlertCandidate e, RuleMatch match) =>
        DedupKeys.Render(rule.DedupKeyTemplate, e.CameraId, ruleId, match.ObjectType);

    /// <param name="existing">The alert stream of <see cref="AlertIdFor"/> the rule and the event, as read.</param>
    /// <param name="cooldown">The cooldown stream of the rule and the key, as read.</param>
    /// <param name="suppressedBy">Why the notification preferences keep the alert from being delivered, or null.</param>
    public static RaiseDecision Decide(
        Guid ruleId, AlertRuleDefinition rule, AlertCandidate e, RuleMatch match, Alert? existing, AlertCooldown? cooldown,
        string? suppressedBy, DateTimeOffset now)
    {
        var alertId = AlertIdFor(ruleId, e.EventId);
        var key = DedupKeyFor(ruleId, rule, e, match);
        RaiseDecision Not(string why) => new(alertId, key, Decision.Of(), Decision.Of(), why);

        if (!rule.Enabled) return Not("the rule is disabled");
        if (!match.Matches) return Not($"no match: {string.Join("; ", match.FailedConditions)}");
        if (existing is not null) return Not("the event already raised this rule's alert");
        if (cooldown is { } c && c.Holds(now)) return Not($"in cooldown for {key} until {c.Until:O}");

        var channels = suppressedBy is null ? rule.Channels.Select(ChannelName).ToList() : [];
        var raised = new AlertRaised(alertId, ruleId, rule.Name, e.EventId, e.CameraId, e.CameraName, rule.Severity.ToString().ToLowerInvariant(),
            e.RiskScore, e.RiskLevel, e.Summary, [.. e.Detections.Select(d => d.ObjectType).Distinct()], key, channels,
            rule.WebhookUrl, suppressedBy, now);
        var until = now.AddSeconds(rule.CooldownSeconds);
        return new RaiseDecision(alertId, key, Decision.Of(raised),
            rule.CooldownSeconds == 0 ? Decision.Of() : Decision.Of(new AlertCooldownStarted(ruleId, key, alertId, e.EventId, now, until)), null);
    }

    public static string ChannelName(AlertChannel channel) => channel.ToString().ToLowerInvariant();

    /// <summary>A name-based UUID (RFC 9562 v5 layout, SHA-1) of the rule and the event: the same pair always names the same alert.</summary>
    public static Guid AlertIdFor(Guid ruleId, long eventId)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes($"hsi-alert:{ruleId:N}:{eventId}"));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
