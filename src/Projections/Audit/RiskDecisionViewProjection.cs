using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Projections.Audit;

/// <summary>The one writer of <see cref="RiskDecisionView"/>: a row per RiskAssessed and RiskReassessed.</summary>
public partial class RiskDecisionViewProjection : EventProjection
{
    public void Project(IEvent<RiskAssessed> e, IDocumentOperations ops) =>
        ops.Store(Row(e.Id, e.Data.EventId, DecisionKind.Assessed, e.Data.Decision, e.Data.At, levelChanged: false));

    public void Project(IEvent<RiskReassessed> e, IDocumentOperations ops) =>
        ops.Store(Row(e.Id, e.Data.EventId, DecisionKind.Reassessed, e.Data.Decision, e.Data.At, e.Data.Decision.RiskLevel != e.Data.PreviousLevel));

    private static RiskDecisionView Row(Guid id, long eventId, DecisionKind kind, RiskDecision d, DateTimeOffset at, bool levelChanged) => new()
    {
        Id = id, EventId = eventId, Kind = kind, DecidedAt = at,
        Analyzer = d.Analyzer.Analyzer, Model = d.Analyzer.Model, ModelVersion = d.Analyzer.Version,
        RiskScore = d.RiskScore, RiskLevel = d.RiskLevel.Name(), Fallback = d.Fallback, LevelChanged = levelChanged,
    };
}
