using Hsi.Api.Features.Detections;
using Hsi.Domain.Alerts;
using Hsi.Domain.Cameras;
using Hsi.Domain.Media;
using Hsi.Domain.Scenes;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Alerts;
using Hsi.Projections.Detections;
using Hsi.Projections.SecurityEvents;
using JasperFx.Events;
using Marten.Events;

namespace Hsi.Api.Realtime;

/// <summary>A WebSocket message derived from a stored event, with that event's store sequence.</summary>
public sealed record LiveMessage(string Topic, string Type, object Data, long Sequence);

/// <summary>
/// The one mapping from stored events to WebSocket messages (SPEC.md §4), used both for live
/// pushes (the <see cref="LiveMessageSubscription"/>) and for a client's resync, so a replay says
/// exactly what the live push said.
/// </summary>
public static class LiveMessages
{
    public const string DetectionsTopic = "detections";
    public const string EventsTopic = "events";

    /// <summary>The stored events that become messages; nothing else is read for them.</summary>
    public static readonly Type[] EventTypes =
    [
        typeof(MediaAnalyzed), typeof(BatchClosed), typeof(RiskAssessed), typeof(EventReviewed), typeof(EventFlagged),
        typeof(EventNotesChanged), typeof(EventSnoozed), typeof(RiskReassessed), typeof(CameraStatusChanged),
        typeof(SceneChangeDetected),
        typeof(AlertRaised), typeof(AlertAcknowledged), typeof(AlertDismissed),
    ];

    public static async Task<IReadOnlyList<LiveMessage>> FromAsync(IReadOnlyList<IEvent> events, IQuerySession session, CancellationToken ct)
    {
        var eventIds = events.Select(e => e.Data).OfType<ISecurityEventFact>().Select(f => f.EventId).Distinct().ToArray();
        var views = eventIds.Length == 0 ? [] : (await session.LoadManyAsync<SecurityEventView>(ct, eventIds)).ToDictionary(v => v.Id);
        var detectionIds = events.Select(e => e.Data).OfType<MediaAnalyzed>().SelectMany(a => a.Detections.Select(d => d.DetectionId)).ToArray();
        var detections = detectionIds.Length == 0 ? [] : (await session.LoadManyAsync<DetectionView>(ct, detectionIds)).ToDictionary(d => d.Id);

        var alertIds = events.Select(e => e.Data switch { AlertAcknowledged a => a.AlertId, AlertDismissed d => d.AlertId, _ => Guid.Empty })
            .Where(id => id != Guid.Empty).Distinct().ToArray();
        var alerts = alertIds.Length == 0 ? [] : (await session.LoadManyAsync<AlertView>(ct, alertIds)).ToDictionary(a => a.Id);

        var messages = new List<LiveMessage>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case MediaAnalyzed analyzed:
                    foreach (var d in analyzed.Detections)
                        if (detections.TryGetValue(d.DetectionId, out var view))
                            messages.Add(new(DetectionsTopic, "detection.new", DetectionResponse.From(view), e.Sequence));
                    break;
                case BatchClosed closed when views.TryGetValue(closed.EventId, out var view):
                    messages.Add(new(EventsTopic, "detection.batch", new
                    {
                        event_id = view.Id, batch_id = view.BatchId, camera_id = view.CameraId, detection_ids = view.DetectionIds,
                        detection_count = view.DetectionCount, close_reason = closed.Reason, closed_at = closed.At,
                    }, e.Sequence));
                    break;
                case RiskAssessed assessed when views.TryGetValue(assessed.EventId, out var view):
                    var decision = assessed.Decision;
                    messages.Add(new(EventsTopic, "event", new
                    {
                        id = view.Id, batch_id = view.BatchId, camera_id = view.CameraId, risk_score = decision.RiskScore,
                        risk_level = view.RiskLevel, summary = decision.Summary, reasoning = decision.Reasoning, started_at = view.StartedAt,
                    }, e.Sequence));
                    break;
                case ISecurityEventFact fact when views.TryGetValue(fact.EventId, out var view):
                    messages.Add(new(EventsTopic, "event.updated", new
                    {
                        id = view.Id, reviewed = view.Reviewed, flagged = view.Flagged, notes = view.Notes,
                        snooze_until = view.SnoozeUntil, version = view.StreamVersion,
                        // A replay's reassessment changes these.
                        risk_score = view.RiskScore, risk_level = view.RiskLevel,
                    }, e.Sequence));
                    break;
                case CameraStatusChanged changed:
                    messages.Add(new(EventsTopic, "camera_status", new { camera_id = changed.CameraId, status = changed.Status, changed_at = changed.At }, e.Sequence));
                    break;
                case SceneChangeDetected change:
                    messages.Add(new(EventsTopic, "scene_change", new
                    {
                        id = change.ChangeId, camera_id = change.CameraId, detected_at = StoredTime.Of(change.DetectedAt),
                        change_type = change.ChangeType, similarity_score = change.SimilarityScore,
                    }, e.Sequence));
                    break;
                case AlertRaised raised:
                    var raisedAt = StoredTime.Of(raised.RaisedAt);
                    messages.Add(new(EventsTopic, "alert_created", new
                    {
                        id = raised.AlertId, event_id = raised.EventId, rule_id = raised.RuleId, severity = raised.Severity,
                        status = AlertStatus.Pending, dedup_key = raised.DedupKey, created_at = raisedAt, updated_at = raisedAt,
                    }, e.Sequence));
                    break;
                case AlertAcknowledged acknowledged when alerts.TryGetValue(acknowledged.AlertId, out var alert):
                    messages.Add(AlertMessage("alert_acknowledged", alert, AlertStatus.Acknowledged, acknowledged.At, e.Sequence));
                    break;
                case AlertDismissed dismissed when alerts.TryGetValue(dismissed.AlertId, out var alert):
                    messages.Add(AlertMessage("alert_dismissed", alert, AlertStatus.Dismissed, dismissed.At, e.Sequence));
                    break;
            }
        }
        return messages;
    }

    /// <summary>An alert's change as it happened (its status then, not the view's now: a resync replays each step).</summary>
    private static LiveMessage AlertMessage(string type, AlertView alert, AlertStatus status, DateTimeOffset at, long sequence) =>
        new(EventsTopic, type, new
        {
            id = alert.Id, event_id = alert.EventId, rule_id = alert.RuleId, severity = alert.Severity, status,
            dedup_key = alert.DedupKey, created_at = alert.CreatedAt, updated_at = StoredTime.Of(at),
        }, sequence);

    /// <summary>The topic's messages after <paramref name="afterSequence"/>, read back from the store (at most <paramref name="limit"/> events).</summary>
    public static async Task<IReadOnlyList<LiveMessage>> ReplayAsync(string topic, long afterSequence, int limit, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > afterSequence && e.EventTypesAre(EventTypes))
            .OrderBy(e => e.Sequence)
            .Take(limit)
            .ToListAsync(ct);
        return (await FromAsync(events, session, ct)).Where(m => m.Topic == topic).ToList();
    }
}
