using Hsi.Domain.Alerts;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Risk;
using Hsi.Projections.Alerts;
using Hsi.Projections.Cameras;
using Hsi.Projections.EventStore;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Raises the alerts of an assessed event: each enabled rule that matches and is outside its cooldown
/// for the dedup key raises one alert (AlertRaised on <c>alert:&lt;uuid&gt;</c>, the cooldown on
/// <c>alert-dedup:&lt;rule&gt;:&lt;key&gt;</c>) and, unless the notification preferences suppress it, one
/// <see cref="DeliverAlert"/> per channel — all in one transaction with Wolverine's outbox, so an alert is
/// never raised without its deliveries, nor delivered without being raised. The alert id is derived
/// from the rule and the event and the cooldown is appended with the version read: a second
/// evaluation of the event, or a racing one on another node, fails its append and, retried, raises nothing.
/// </summary>
public sealed class RaiseAlertsHandler(ILogger<RaiseAlertsHandler> logger)
{
    public static void Configure(HandlerChain chain)
    {
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>()
            .Or<Marten.Exceptions.ExistingStreamIdCollisionException>().Or<EventStreamUnexpectedMaxEventIdException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250),
                TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        chain.OnException<Exception>()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }

    public async Task<OutgoingMessages> Handle(
        EvaluateAlertRules message, IDocumentSession session, RiskSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var deliveries = new OutgoingMessages();
        var read = await session.ReadStreamAsync<SecurityEvent>(StreamKeys.SecurityEvent(message.EventId), ct);
        if (read.State is not { Risk: { } risk, Expired: false } state)
        {
            logger.LogInformation("Event {EventId}: no alerts, the event is not assessed or has expired", message.EventId);
            return deliveries;
        }
        var candidate = CandidateOf(state, risk);

        var rules = await session.Query<AlertRuleView>().Where(r => r.Enabled).OrderBy(r => r.Id).Take(AlertRuleDecisions.MaxRules).ToListAsync(ct);
        var matching = rules.Select(r => (Rule: r, Match: AlertMatching.Evaluate(r.Definition, candidate))).Where(m => m.Match.Matches).ToList();
        if (matching.Count == 0)
        {
            logger.LogInformation("Event {EventId}: no alerts, none of {Rules} enabled rules matches", candidate.EventId, rules.Count);
            return deliveries;
        }

        var now = clock.GetUtcNow();
        var preferences = (await session.LoadAsync<NotificationPreferencesView>(NotificationPreferencesView.DocumentId, ct) ?? new()).ToPreferences();
        var zone = await CameraTimeZones.ForAsync(session, candidate.CameraId, settings.DefaultTimezone, ct);
        var level = Enum.TryParse<RiskLevel>(candidate.RiskLevel, true, out var l) ? l : RiskLevel.Low;
        var suppressedBy = preferences.SuppressionOf(candidate.CameraId, level, candidate.RiskScore, TimeZoneInfo.ConvertTime(now, zone).DateTime);

        var raisedCount = 0;
        foreach (var (rule, match) in matching)
        {
            var key = AlertRaising.DedupKeyFor(rule.Id, rule.Definition, candidate, match);
            var alertId = AlertRaising.AlertIdFor(rule.Id, candidate.EventId);
            var alert = await session.ReadStreamAsync<Alert>(StreamKeys.Alert(alertId), ct);
            var cooldown = await session.ReadStreamTailAsync<AlertCooldown>(StreamKeys.AlertCooldown(rule.Id, key), ct);
            var decision = AlertRaising.Decide(rule.Id, rule.Definition, candidate, match, alert.State, cooldown.State, suppressedBy, now);
            if (!decision.Raises)
            {
                logger.LogInformation("Rule {RuleId} raises no alert for event {EventId}: {Reason}", rule.Id, candidate.EventId, decision.WhyNot);
                continue;
            }
            session.Append(alert, decision.Alert);
            session.Append(cooldown, decision.Cooldown);
            var raised = decision.Alert.Events.OfType<AlertRaised>().Single();
            foreach (var channel in raised.Channels) deliveries.Add(new DeliverAlert(raised.AlertId, channel));
            logger.LogInformation("Rule {RuleId} raised alert {AlertId} for event {EventId} ({DedupKey}){Suppressed}",
                rule.Id, raised.AlertId, candidate.EventId, decision.DedupKey, suppressedBy is null ? "" : $", not delivered: {suppressedBy}");
            raisedCount++;
        }
        logger.LogInformation("Event {EventId}: {Raised} alerts from {Matching} matching rules", candidate.EventId, raisedCount, matching.Count);
        return deliveries;
    }

    /// <summary>The event as rules see it, from the decision's own inputs (what the analyzer saw).</summary>
    public static AlertCandidate CandidateOf(SecurityEvent state, RiskDecision risk) => new(
        state.Id, state.CameraId, risk.Inputs.CameraName, risk.RiskScore, risk.RiskLevel.Name(), risk.Summary, risk.Inputs.StartedAt,
        [.. state.Detections.Select(d => new CandidateDetection(d.ObjectType, d.Confidence, d.ZoneIds ?? []))]);
}
