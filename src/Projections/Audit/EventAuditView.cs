using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Projections.Audit;

/// <summary>Every risk decision made for one security event, in the order made: what <c>GET /api/ai-audit/events/{id}</c> reads.</summary>
public sealed class EventAuditView
{
    public long Id { get; set; }
    public List<AuditedDecision> Decisions { get; set; } = [];
}

public enum DecisionKind { Assessed, Reassessed }

/// <summary>One decision as recorded, with where it stands in the event's stream.</summary>
public sealed class AuditedDecision
{
    public DecisionKind Kind { get; set; }
    public long StreamVersion { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public RiskDecision Decision { get; set; } = null!;

    /// <summary>For a reassessment: the score and level it replaced, and the replay that made it.</summary>
    public int? PreviousScore { get; set; }
    public RiskLevel? PreviousLevel { get; set; }
    public Guid? ReplayId { get; set; }
}
