using Hsi.Domain.Alerts;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;

namespace Hsi.Domain.Tests.Alerts;

public class AlertRaisingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 22, 0, 0, TimeSpan.Zero);
    private static readonly Guid RuleId = Guid.Parse("0193a5c4-0000-7000-8000-0000000000c1");
    private static readonly Guid Zone = Guid.Parse("0193a5c4-0000-7000-8000-0000000000d1");

    private static AlertRuleDefinition Rule(int cooldown = 60) =>
        ((AlertRuleCreated)AlertRuleDecisions.Create(new CreateAlertRule(RuleId, new AlertRuleFields("Person at night", RiskThreshold: 50,
            ObjectTypes: ["person"], MinConfidence: 0.8, CooldownSeconds: cooldown, Channels: [AlertChannel.Webhook, AlertChannel.Email])), null, T0).Events[0]).Definition;

    private static AlertCandidate Event(long id, int score = 80, string type = "person", double confidence = 0.9, string camera = "porch") =>
        new(id, camera, "Porch", score, "high", "someone", T0, [new CandidateDetection(type, confidence, [Zone])]);

    private static (RaiseDecision Decision, Alert? Alert, AlertCooldown? Cooldown) Raise(
        AlertRuleDefinition rule, AlertCandidate e, Alert? existing, AlertCooldown? cooldown, DateTimeOffset now, string? suppressedBy = null)
    {
        var match = AlertMatching.Evaluate(rule, e);
        var decision = AlertRaising.Decide(RuleId, rule, e, match, existing, cooldown, suppressedBy, now);
        return (decision, StreamFold.Fold(decision.Alert.Events, existing), StreamFold.Fold(decision.Cooldown.Events, cooldown));
    }

    [Fact]
    public void Three_matching_events_within_the_cooldown_raise_one_alert_and_the_next_after_it_another()
    {
        var rule = Rule(cooldown: 60);
        AlertCooldown? cooldown = null;
        var raised = 0;
        foreach (var (id, at) in new[] { (1L, T0), (2L, T0.AddSeconds(10)), (3L, T0.AddSeconds(59)) })
        {
            var (decision, _, after) = Raise(rule, Event(id), null, cooldown, at);
            if (decision.Raises) raised++;
            cooldown = after;
        }
        Assert.Equal(1, raised);
        Assert.True(Raise(rule, Event(4), null, cooldown, T0.AddSeconds(60)).Decision.Raises);
    }

    [Fact]
    public void The_same_event_evaluated_twice_raises_one_alert_even_with_no_cooldown()
    {
        var rule = Rule(cooldown: 0);
        var (first, alert, _) = Raise(rule, Event(7), null, null, T0);
        Assert.True(first.Raises);
        Assert.Equal(AlertRaising.AlertIdFor(RuleId, 7), first.AlertId);
        var (second, _, _) = Raise(rule, Event(7), alert, null, T0.AddHours(1));
        Assert.False(second.Raises);
        Assert.Empty(second.Alert.Events);
    }

    [Fact]
    public void An_alert_carries_the_rules_channels_unless_suppressed_when_it_is_kept_without_them()
    {
        var raised = (AlertRaised)Raise(Rule(), Event(1), null, null, T0).Decision.Alert.Events[0];
        Assert.Equal(["webhook", "email"], raised.Channels);
        Assert.Equal(("porch", "medium", $"porch:{RuleId}"), (raised.CameraId, raised.Severity, raised.DedupKey));

        var suppressed = (AlertRaised)Raise(Rule(), Event(2), null, null, T0, "quiet_hours:x").Decision.Alert.Events[0];
        Assert.Empty(suppressed.Channels);
        Assert.Equal("quiet_hours:x", suppressed.SuppressedBy);
    }

    [Theory]
    [InlineData(40, "person", 0.9, "risk_score")]
    [InlineData(80, "car", 0.9, "object_type")]
    [InlineData(80, "person", 0.5, "confidence")]
    public void Every_condition_must_hold(int score, string type, double confidence, string failing)
    {
        var match = AlertMatching.Evaluate(Rule(), Event(1, score, type, confidence));
        Assert.False(match.Matches);
        Assert.Contains(match.FailedConditions, c => c.StartsWith(failing, StringComparison.Ordinal));
        Assert.False(Raise(Rule(), Event(1, score, type, confidence), null, null, T0).Decision.Raises);
    }

    [Fact]
    public void Camera_and_zone_conditions_name_what_matched()
    {
        var rule = Rule() with { CameraIds = ["porch"], ZoneIds = [Zone] };
        var match = AlertMatching.Evaluate(rule, Event(1));
        Assert.True(match.Matches);
        Assert.Contains($"zone {Zone}", match.MatchedConditions);
        Assert.False(AlertMatching.Evaluate(rule, Event(1, camera: "garage")).Matches);
        Assert.False(AlertMatching.Evaluate(rule with { ZoneIds = [Guid.NewGuid()] }, Event(1)).Matches);
    }

    [Fact]
    public void A_disabled_rule_raises_nothing() =>
        Assert.False(Raise(Rule() with { Enabled = false }, Event(1), null, null, T0).Decision.Raises);

    [Fact]
    public void Acknowledge_from_pending_or_delivered_only_and_dismiss_once()
    {
        var id = Guid.NewGuid();
        var pending = new Alert(id, AlertStatus.Pending);
        var acknowledged = StreamFold.Fold(AlertDecisions.Acknowledge(new AcknowledgeAlert(id), pending, T0).Events, pending)!;
        Assert.Equal(AlertStatus.Acknowledged, acknowledged.Status);
        Assert.Equal(ErrorKind.Conflict, AlertDecisions.Acknowledge(new AcknowledgeAlert(id), acknowledged, T0).Error!.Kind);
        Assert.Single(AlertDecisions.Acknowledge(new AcknowledgeAlert(id), pending with { Status = AlertStatus.Delivered }, T0).Events);

        var dismissed = StreamFold.Fold(AlertDecisions.Dismiss(new DismissAlert(id, null), acknowledged, T0).Events, acknowledged)!;
        Assert.Equal(AlertStatus.Dismissed, dismissed.Status);
        Assert.Equal(ErrorKind.Conflict, AlertDecisions.Dismiss(new DismissAlert(id, null), dismissed, T0).Error!.Kind);
        Assert.Equal(ErrorKind.Conflict, AlertDecisions.Acknowledge(new AcknowledgeAlert(id), dismissed, T0).Error!.Kind);
        // A delivery after the acknowledgement leaves it acknowledged.
        Assert.Equal(AlertStatus.Acknowledged, Alert.Evolve(acknowledged, new AlertDelivered(id, "webhook", T0))!.Status);
    }
}
