using Hsi.Domain.Common;
using Hsi.Domain.Calibration;
using Hsi.Domain.Retention;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Projections.SecurityEvents;

/// <summary>
/// The one writer of <see cref="SecurityEventView"/>: every event of an <c>event:&lt;id&gt;</c>
/// stream, keyed by the integer id the events carry. Inline, so a PATCH is read back at once.
/// One explicit <see cref="Evolve"/> folds every event, so time travel (<see cref="Fold"/>) replays a stream
/// through exactly the code that built the stored view.
/// </summary>
public sealed class SecurityEventViewProjection : MultiStreamProjection<SecurityEventView, long>
{
    public SecurityEventViewProjection()
    {
        Identity<ISecurityEventFact>(e => e.EventId);
    }

    public override SecurityEventView? Evolve(SecurityEventView? view, long id, IEvent e)
    {
        if (e.Data is BatchOpened opened)
            return new SecurityEventView
            {
                Id = opened.EventId,
                BatchId = opened.BatchId,
                CameraId = opened.CameraId,
                IsFastPath = opened.IsFastPath,
                OpenedAt = opened.At,
                StartedAt = opened.At,
                StreamVersion = e.Version,
                UpdatedAt = opened.At,
            };
        if (view is null) return null;
        switch (e.Data)
        {
            // Retention: the event leaves the read model; its stream stays, archived.
            case SecurityEventExpired: return null;
            case DetectionsAttached attached: Attach(view, attached.Detections); break;
            case BatchClosed closed:
                view.Closed = true;
                view.CloseReason = closed.Reason;
                view.ClosedAt = closed.At;
                break;
            case RiskAssessed assessed:
                Assess(view, assessed.Decision);
                view.AssessedAt = assessed.At;
                break;
            // A replay's decision is the event's risk from now on.
            case RiskReassessed reassessed:
                Assess(view, reassessed.Decision);
                view.AssessedAt = reassessed.At;
                break;
            case EventReviewed reviewed: view.Reviewed = reviewed.Reviewed; break;
            case EventFlagged flagged: view.Flagged = flagged.Flagged; break;
            case EventNotesChanged notes: view.Notes = notes.Notes; break;
            case EventSnoozed snoozed: view.SnoozeUntil = snoozed.Until; break;
            case FeedbackGiven: break;
            default: return view;
        }
        view.StreamVersion = e.Version;
        view.UpdatedAt = StoredTime.Of(e.Timestamp);
        return view;
    }

    /// <summary>The view as these events (one stream, in order) leave it; null before its batch opened.</summary>
    public SecurityEventView? Fold(long id, IEnumerable<IEvent> events) =>
        events.Aggregate((SecurityEventView?)null, (view, e) => Evolve(view, id, e));

    private static void Attach(SecurityEventView view, IReadOnlyList<BatchedDetection> detections)
    {
        if (detections.Count > 0)
        {
            var earliest = detections.Min(d => d.DetectedAt);
            var latest = detections.Max(d => d.DetectedAt);
            view.StartedAt = view.DetectionCount == 0 || earliest < view.StartedAt ? earliest : view.StartedAt;
            view.EndedAt = view.EndedAt is { } ended && ended > latest ? ended : latest;
        }
        view.DetectionIds.AddRange(detections.Select(d => d.DetectionId));
        view.DetectionCount = view.DetectionIds.Count;
        foreach (var type in detections.Select(d => d.ObjectType).Distinct())
            if (!view.ObjectTypes.Contains(type)) view.ObjectTypes.Add(type);
        foreach (var zone in detections.SelectMany(d => d.ZoneIds ?? []).Distinct())
            if (!view.ZoneIds.Contains(zone)) view.ZoneIds.Add(zone);
    }

    private static void Assess(SecurityEventView view, RiskDecision d)
    {
        view.RiskScore = d.RiskScore;
        view.RiskLevel = d.RiskLevel.Name();
        view.Summary = d.Summary;
        view.Reasoning = d.Reasoning;
        view.RecommendedAction = d.RecommendedAction;
        view.RiskFactors = [.. d.RiskFactors];
        view.Analyzer = d.Analyzer.Analyzer;
        view.AnalysisFallback = d.Fallback;
        view.Enrichment = d.Inputs.EnrichmentSummary;
    }
}
