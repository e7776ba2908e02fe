using Hsi.Domain.Calibration;
using Hsi.Domain.Zones;

namespace Hsi.Domain.SecurityEvents;

/// <summary>Why a batch stopped taking detections.</summary>
public enum CloseReason { Timeout, Idle, MaxSize, FastPath }

/// <summary>One detection as the batch (and the risk analyzer) sees it.</summary>
/// <param name="ZoneIds">The zones it stood in when analysed (RecordedDetection.ZoneIds); null before zones were recorded.</param>
public sealed record BatchedDetection(
    long DetectionId, Guid MediaId, string ObjectType, double Confidence, int X, int Y, int Width, int Height, DateTimeOffset DetectedAt,
    IReadOnlyList<Guid>? ZoneIds = null);

/// <summary>Marker of the events of one security event's stream (<c>event:&lt;id&gt;</c>), so projections can key them by id.</summary>
public interface ISecurityEventFact
{
    long EventId { get; }
}

/// <summary>A batch began: the security event it becomes. Its integer id came from the event id sequence.</summary>
public record BatchOpened(long EventId, string BatchId, string CameraId, bool IsFastPath, DateTimeOffset At) : ISecurityEventFact;

/// <summary>Detections of one file joined the batch.</summary>
public record DetectionsAttached(long EventId, Guid MediaId, IReadOnlyList<BatchedDetection> Detections, DateTimeOffset At) : ISecurityEventFact;

/// <summary>The batch takes no more detections; its risk is assessed next.</summary>
public record BatchClosed(long EventId, CloseReason Reason, DateTimeOffset At) : ISecurityEventFact;

/// <summary>Which analyzer decided, with what model; an LLM's seed and temperature make a replay repeatable.</summary>
public sealed record AnalyzerIdentity(string Analyzer, string Model, string Version, int? Seed = null, double? Temperature = null);

/// <summary>The calibration a decision was made with: its stream version and thresholds.</summary>
public sealed record CalibrationInForce(long Version, Thresholds Thresholds);

/// <summary>One reason the score is what it is.</summary>
public sealed record RiskFactor(string Factor, int Points, string Description);

/// <summary>A zone one of the event's detections stood in, as the analyzer sees it (BatchedDetection.ZoneIds name it).</summary>
public sealed record RiskZone(Guid ZoneId, string Name, ZoneType ZoneType, int Priority);

/// <summary>A track that stayed in an area zone past its loiter_seconds during the event (LoiteringObserved).</summary>
public sealed record RiskLoitering(Guid ZoneId, string ZoneName, long TrackId, string ObjectType, double Seconds);

/// <summary>
/// The entity one of the event's detections was recognised as, when the decision was made: whether the
/// household trusts it, how often it was seen, and whether this event is the first time (<paramref name="IsNew"/>).
/// </summary>
public sealed record RiskEntity(
    long DetectionId, Guid EntityId, Entities.EntityType EntityType, Entities.TrustStatus TrustStatus, int TimesSeen, bool IsNew, string? Plate);

/// <summary>Everything the analyzer saw: enough to run it again (replay) without today's read models.</summary>
/// <param name="Zones">The zones its detections stood in; null in inputs recorded before zones were.</param>
/// <param name="Loitering">Loitering at the camera during the event; null in inputs recorded before it was.</param>
/// <param name="DetectionEnrichments">What enrichment said of each enriched detection; null in inputs recorded before enrichment was.</param>
/// <param name="EnrichmentSummary">How much of that enrichment the analyzer had (complete, partial, failed, disabled); null before enrichment was.</param>
/// <param name="Entities">The entities its detections were recognised as; null in inputs recorded before entities were.</param>
public sealed record RiskInputs(
    long EventId, string CameraId, string CameraName, string Timezone, DateTimeOffset StartedAt, DateTimeOffset EndedAt,
    IReadOnlyList<BatchedDetection> Detections, int RecentEventCount, IReadOnlyDictionary<string, string>? Enrichment = null,
    Baselines.HourBaseline? Baseline = null, IReadOnlyList<RiskZone>? Zones = null, IReadOnlyList<RiskLoitering>? Loitering = null,
    IReadOnlyList<RiskEnrichment>? DetectionEnrichments = null, Enrichment.EnrichmentSummary? EnrichmentSummary = null,
    IReadOnlyList<RiskEntity>? Entities = null);

/// <summary>
/// A risk decision: the analyzer's answer, the level derived from the calibration in force, and
/// what it was made from — analyzer, model, calibration, inputs and raw output — for audit and replay.
/// </summary>
/// <param name="EnrichmentStatus">How much of the event's enrichment the decision was made with (its inputs'); null before enrichment was.</param>
public sealed record RiskDecision(
    int RiskScore, RiskLevel RiskLevel, string Summary, string Reasoning, IReadOnlyList<RiskFactor> RiskFactors,
    string? RecommendedAction, AnalyzerIdentity Analyzer, CalibrationInForce Calibration, RiskInputs Inputs,
    string RawOutput, string Trigger, bool Fallback = false, string? Error = null,
    string? EnrichmentStatus = null);

/// <summary>The event's risk was decided (score, level and everything the decision was made from).</summary>
public record RiskAssessed(long EventId, RiskDecision Decision, DateTimeOffset At) : ISecurityEventFact;

/// <summary>
/// A replay decided the event's risk again (another analyzer, model or calibration); the new decision is
/// the event's risk from now on, and what it replaced stays on record.
/// </summary>
/// <param name="PreviousScore">The score of the decision this one replaces.</param>
/// <param name="PreviousLevel">Its level.</param>
/// <param name="ReplayId">The replay job that decided it.</param>
public record RiskReassessed(long EventId, RiskDecision Decision, int PreviousScore, RiskLevel PreviousLevel, Guid ReplayId, DateTimeOffset At)
    : ISecurityEventFact;

public record EventReviewed(long EventId, bool Reviewed, DateTimeOffset At) : ISecurityEventFact;

public record EventFlagged(long EventId, bool Flagged, DateTimeOffset At) : ISecurityEventFact;

public record EventNotesChanged(long EventId, string? Notes, DateTimeOffset At) : ISecurityEventFact;

public record EventSnoozed(long EventId, DateTimeOffset? Until, DateTimeOffset At) : ISecurityEventFact;

/// <summary>A reviewer judged the event's risk; the calibration stream records how the thresholds moved.</summary>
public record FeedbackGiven(long EventId, FeedbackKind Kind, int RiskScore, DateTimeOffset At) : ISecurityEventFact;

/// <summary>On a camera's batching stream (<c>batching:&lt;camera id&gt;</c>): which batch is open.</summary>
public record CameraBatchOpened(string CameraId, long EventId, DateTimeOffset At);

public record CameraBatchClosed(string CameraId, long EventId, DateTimeOffset At);
