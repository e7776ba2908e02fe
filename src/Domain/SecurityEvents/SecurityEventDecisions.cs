using Hsi.Domain.Calibration;
using Hsi.Domain.Common;

namespace Hsi.Domain.SecurityEvents;

/// <summary>A reviewer's change to an event; only what is present applies (<c>notes: null</c> clears the notes).</summary>
public record ReviewEvent(long EventId, bool? Reviewed, bool? Flagged, bool NotesGiven, string? Notes, bool SnoozeGiven, DateTimeOffset? SnoozeUntil);

/// <summary>A reviewer's judgement of an event's risk.</summary>
public record GiveFeedback(long EventId, FeedbackKind Kind);

/// <summary>Assess the risk of a closed batch. Durable: retried, then dead-lettered with a fallback decision.</summary>
/// <param name="EnrichmentWaitSince">When assessment began to wait for the event's enrichment; null until it waits.</param>
public record AssessRisk(long EventId, DateTimeOffset? EnrichmentWaitSince = null);

/// <summary>Look at an open batch: close it when its window or idle timeout has passed. Scheduled durably.</summary>
public record CheckBatch(long EventId);

/// <summary>What an analyzer answered, before the level is derived from the calibration.</summary>
public sealed record RiskAnalysis(double RiskScore, string Summary, string Reasoning, IReadOnlyList<RiskFactor> RiskFactors, string? RecommendedAction, string RawOutput);

/// <summary>Pure deciders of a security event's stream: reviews, feedback and risk decisions.</summary>
public static class SecurityEventDecisions
{
    public const string UnavailableSummary = "Analysis unavailable";
    public const int FallbackScore = 50;

    public static string NotFound(long id) => $"Event with id {id} not found";

    public static Decision Review(ReviewEvent cmd, SecurityEvent? state, DateTimeOffset now)
    {
        if (state is null) return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.EventId));
        if (cmd.Notes is { Length: > 10_000 }) return Decision.Refuse(ErrorKind.Invalid, "notes must be at most 10000 characters", "notes");
        var events = new List<object>();
        if (cmd.Reviewed is { } reviewed && reviewed != state.Reviewed) events.Add(new EventReviewed(state.Id, reviewed, now));
        if (cmd.Flagged is { } flagged && flagged != state.Flagged) events.Add(new EventFlagged(state.Id, flagged, now));
        if (cmd.NotesGiven && cmd.Notes != state.Notes) events.Add(new EventNotesChanged(state.Id, cmd.Notes, now));
        if (cmd.SnoozeGiven && cmd.SnoozeUntil != state.SnoozeUntil) events.Add(new EventSnoozed(state.Id, cmd.SnoozeUntil, now));
        return Decision.Of([.. events]);
    }

    /// <summary>
    /// Feedback of each kind counts once per event: a repeat would move the calibration again for the
    /// same judgement (784 clicks once pushed the thresholds to 90/95/100), so it is refused with the time of the first.
    /// </summary>
    public static Decision Feedback(GiveFeedback cmd, SecurityEvent? state, DateTimeOffset now) => state switch
    {
        null => Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.EventId)),
        { Risk: null } => Decision.Refuse(ErrorKind.Inconsistent, $"Event {cmd.EventId} has no risk assessment yet"),
        _ when state.Feedback.TryGetValue(cmd.Kind, out var givenAt) => Decision.Refuse(ErrorKind.Conflict,
            $"{NameOf(cmd.Kind)} feedback was already given for event {cmd.EventId} " +
            $"at {givenAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; each kind of feedback moves the calibration once per event"),
        _ => Decision.Of(new FeedbackGiven(state.Id, cmd.Kind, state.Risk.RiskScore, now)),
    };

    /// <summary>The kind as clients write it.</summary>
    private static string NameOf(FeedbackKind kind) => kind switch
    {
        FeedbackKind.FalsePositive => "false_positive",
        FeedbackKind.MissedThreat => "missed_threat",
        _ => "correct",
    };

    /// <summary>Records a decision once: an event already assessed (a retried message) records nothing more.</summary>
    public static Decision Assess(SecurityEvent? state, RiskDecision decision, DateTimeOffset now) => state switch
    {
        null => Decision.Refuse(ErrorKind.NotFound, NotFound(decision.Inputs.EventId)),
        { IsOpen: true } => Decision.Refuse(ErrorKind.Inconsistent, $"Event {state.Id} is still open"),
        { Risk: not null } => Decision.Of(),
        _ => Decision.Of(new RiskAssessed(state.Id, decision, now)),
    };

    /// <summary>
    /// A replay's decision replaces the event's risk only when it differs in score or level; the same
    /// answer again records nothing.
    /// </summary>
    public static Decision Reassess(SecurityEvent? state, RiskDecision decision, Guid replayId, DateTimeOffset now) => state switch
    {
        null => Decision.Refuse(ErrorKind.NotFound, NotFound(decision.Inputs.EventId)),
        { Risk: null } => Decision.Refuse(ErrorKind.Inconsistent, $"Event {state.Id} has no risk decision to replay"),
        { Risk: var before } when !RiskReplay.Changed(before, decision) => Decision.Of(),
        { Risk: var before } => Decision.Of(new RiskReassessed(state.Id, decision, before.RiskScore, before.RiskLevel, replayId, now)),
    };

    /// <summary>An analyzer's answer made a decision: score clamped, level from the calibration in force.</summary>
    public static RiskDecision DecisionFrom(
        RiskAnalysis analysis, AnalyzerIdentity analyzer, CalibrationInForce calibration, RiskInputs inputs, string trigger)
    {
        var score = RiskLevels.Clamp(analysis.RiskScore);
        return new RiskDecision(score, RiskLevels.Of(score, calibration.Thresholds), analysis.Summary, analysis.Reasoning,
            analysis.RiskFactors, analysis.RecommendedAction, analyzer, calibration, inputs, analysis.RawOutput, trigger,
            EnrichmentStatus: inputs.EnrichmentSummary?.Status);
    }

    /// <summary>SPEC.md §1: when the analyzer fails after its retries, the event still gets score 50 and its level, and the failure is recorded.</summary>
    public static RiskDecision Fallback(AnalyzerIdentity analyzer, CalibrationInForce calibration, RiskInputs inputs, string trigger, string error) =>
        new(FallbackScore, RiskLevels.Of(FallbackScore, calibration.Thresholds), UnavailableSummary,
            $"The risk analyzer failed: {error}", [], null, analyzer, calibration, inputs, "", trigger, Fallback: true, Error: error,
            EnrichmentStatus: inputs.EnrichmentSummary?.Status);
}
