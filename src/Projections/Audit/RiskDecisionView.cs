namespace Hsi.Projections.Audit;

/// <summary>One risk decision, flat and indexed by when it was made: the rows <c>GET /api/ai-audit/stats</c> counts.</summary>
public sealed class RiskDecisionView
{
    /// <summary>The id of the event (in the store) that recorded the decision.</summary>
    public Guid Id { get; set; }
    public long EventId { get; set; }
    public DecisionKind Kind { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public string Analyzer { get; set; } = "";
    public string Model { get; set; } = "";
    public string ModelVersion { get; set; } = "";
    public int RiskScore { get; set; }
    public string RiskLevel { get; set; } = "";
    public bool Fallback { get; set; }
    /// <summary>For a reassessment: whether it moved the event to another level.</summary>
    public bool LevelChanged { get; set; }
}
