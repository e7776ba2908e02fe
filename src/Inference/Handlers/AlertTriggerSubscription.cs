using Hsi.Domain.Alerts;
using Hsi.Domain.SecurityEvents;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Every committed risk decision (RiskAssessed, and a replay's RiskReassessed) becomes one durable
/// <see cref="EvaluateAlertRules"/>, published through Wolverine's outbox in the same transaction as the
/// subscription's progress: whichever writer recorded the decision (the risk handler, its fallback, a
/// replay job), on whichever node, and a crash before the progress commits publishes again (the handler
/// raises an alert once however often it is asked). Decisions older than <see cref="MaxAge"/> are history,
/// not news: a store that predates the subscription catches up without alerting on them.
/// </summary>
public sealed class AlertTriggerSubscription : BatchSubscription
{
    public const string Name = "alert_rules";
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    private readonly TimeProvider _clock;

    public AlertTriggerSubscription(TimeProvider clock) : base(Name)
    {
        _clock = clock;
        IncludeType<RiskAssessed>();
        IncludeType<RiskReassessed>();
    }

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        var since = _clock.GetUtcNow() - MaxAge;
        foreach (var e in page.Events)
        {
            var (eventId, at) = e.Data switch
            {
                RiskAssessed a => (a.EventId, a.At),
                RiskReassessed r => (r.EventId, r.At),
                _ => (0L, DateTimeOffset.MinValue),
            };
            if (eventId > 0 && at >= since) await bus.PublishAsync(new EvaluateAlertRules(eventId, at));
        }
    }
}
