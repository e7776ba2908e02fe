using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Hsi.Projections.SecurityEvents;

/// <summary>
/// The one writer of <see cref="SecurityEventView"/>: every event of an <c>event:&lt;id&gt;</c>
/// stream, keyed by the integer id the events carry. Inline, so a PATCH is read back at once.
/// </summary>
public partial class SecurityEventViewProjection : MultiStreamProjection<SecurityEventView, long>
{
    public SecurityEventViewProjection()
    {
        Identity<ISecurityEventFact>(e => e.EventId);
    }

    public SecurityEventView Create(IEvent<BatchOpened> e) => new()
    {
        Id = e.Data.EventId,
        BatchId = e.Data.BatchId,
        CameraId = e.Data.CameraId,
        IsFastPath = e.Data.IsFastPath,
        OpenedAt = e.Data.At,
        StartedAt = e.Data.At,
        StreamVersion = e.Version,
        UpdatedAt = e.Data.At,
    };

    public void Apply(IEvent<DetectionsAttached> e, SecurityEventView view)
    {
        var detections = e.Data.Detections;
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
        Touch(view, e);
    }

    public void Apply(IEvent<BatchClosed> e, SecurityEventView view)
    {
        view.Closed = true;
        view.CloseReason = e.Data.Reason;
        view.ClosedAt = e.Data.At;
        Touch(view, e);
    }

    public void Apply(IEvent<RiskAssessed> e, SecurityEventView view) => Decided(view, e, e.Data.Decision, e.Data.At);

    /// <summary>A replay's decision is the event's risk from now on.</summary>
    public void Apply(IEvent<RiskReassessed> e, SecurityEventView view) => Decided(view, e, e.Data.Decision, e.Data.At);

    private static void Decided(SecurityEventView view, IEvent e, RiskDecision d, DateTimeOffset at)
    {
        view.RiskScore = d.RiskScore;
        view.RiskLevel = d.RiskLevel.Name();
        view.Summary = d.Summary;
        view.Reasoning = d.Reasoning;
        view.RecommendedAction = d.RecommendedAction;
        view.RiskFactors = [.. d.RiskFactors];
        view.Analyzer = d.Analyzer.Analyzer;
        view.AnalysisFallback = d.Fallback;
        view.AssessedAt = at;
        Touch(view, e);
    }

    public void Apply(IEvent<EventReviewed> e, SecurityEventView view)
    {
        view.Reviewed = e.Data.Reviewed;
        Touch(view, e);
    }

    public void Apply(IEvent<EventFlagged> e, SecurityEventView view)
    {
        view.Flagged = e.Data.Flagged;
        Touch(view, e);
    }

    public void Apply(IEvent<EventNotesChanged> e, SecurityEventView view)
    {
        view.Notes = e.Data.Notes;
        Touch(view, e);
    }

    public void Apply(IEvent<EventSnoozed> e, SecurityEventView view)
    {
        view.SnoozeUntil = e.Data.Until;
        Touch(view, e);
    }

    public void Apply(IEvent<FeedbackGiven> e, SecurityEventView view) => Touch(view, e);

    private static void Touch(SecurityEventView view, IEvent e)
    {
        view.StreamVersion = e.Version;
        view.UpdatedAt = e.Timestamp;
    }
}
