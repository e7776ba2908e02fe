using Hsi.Domain.SecurityEvents;

namespace Hsi.Projections.Audit;

/// <summary>The one writer of <see cref="EventAuditView"/>: each RiskAssessed and RiskReassessed of an <c>event:&lt;id&gt;</c> stream.</summary>
public partial class EventAuditViewProjection : MultiStreamProjection<EventAuditView, long>
{
    public EventAuditViewProjection()
    {
        Identity<RiskAssessed>(e => e.EventId);
        Identity<RiskReassessed>(e => e.EventId);
    }

    public void Apply(IEvent<RiskAssessed> e, EventAuditView view) =>
        Add(view, e, new AuditedDecision { Kind = DecisionKind.Assessed, DecidedAt = e.Data.At, Decision = e.Data.Decision });

    public void Apply(IEvent<RiskReassessed> e, EventAuditView view) =>
        Add(view, e, new AuditedDecision
        {
            Kind = DecisionKind.Reassessed, DecidedAt = e.Data.At, Decision = e.Data.Decision,
            PreviousScore = e.Data.PreviousScore, PreviousLevel = e.Data.PreviousLevel, ReplayId = e.Data.ReplayId,
        });

    private static void Add(EventAuditView view, IEvent e, AuditedDecision decision)
    {
        view.Id = ((ISecurityEventFact)e.Data).EventId;
        decision.StreamVersion = e.Version;
        view.Decisions.Add(decision);
    }
}
