using Hsi.Domain.Calibration;

namespace Hsi.Domain.SecurityEvents;

/// <summary>Write-side state of one security event's stream; immutable, rebuilt from its events.</summary>
public sealed record SecurityEvent(
    long Id, string BatchId, string CameraId, bool IsFastPath, DateTimeOffset OpenedAt,
    IReadOnlyList<BatchedDetection> Detections, DateTimeOffset LastActivityAt, CloseReason? ClosedBy,
    RiskDecision? Risk, bool Reviewed, bool Flagged, string? Notes, DateTimeOffset? SnoozeUntil)
{
    public bool IsOpen => ClosedBy is null;

    /// <summary>The feedback given so far, by kind: each kind counts once per event.</summary>
    public IReadOnlyDictionary<FeedbackKind, DateTimeOffset> Feedback { get; init; } = new Dictionary<FeedbackKind, DateTimeOffset>();

    public static SecurityEvent Create(BatchOpened e) =>
        new(e.EventId, e.BatchId, e.CameraId, e.IsFastPath, e.At, [], e.At, null, null, false, false, null, null);

    public SecurityEvent Apply(DetectionsAttached e) =>
        this with { Detections = [.. Detections, .. e.Detections], LastActivityAt = e.At };

    public SecurityEvent Apply(BatchClosed e) => this with { ClosedBy = e.Reason };
    public SecurityEvent Apply(RiskAssessed e) => this with { Risk = e.Decision };
    public SecurityEvent Apply(RiskReassessed e) => this with { Risk = e.Decision };
    public SecurityEvent Apply(EventReviewed e) => this with { Reviewed = e.Reviewed };
    public SecurityEvent Apply(EventFlagged e) => this with { Flagged = e.Flagged };
    public SecurityEvent Apply(EventNotesChanged e) => this with { Notes = e.Notes };
    public SecurityEvent Apply(EventSnoozed e) => this with { SnoozeUntil = e.Until };

    public SecurityEvent Apply(FeedbackGiven e) =>
        Feedback.ContainsKey(e.Kind) ? this : this with { Feedback = new Dictionary<FeedbackKind, DateTimeOffset>(Feedback) { [e.Kind] = e.At } };

    /// <param name="state">The state so far: null from the stream's start.</param>
    public static SecurityEvent? Fold(IEnumerable<object> events, SecurityEvent? state = null) =>
        events.Aggregate(state, (current, e) => e switch
        {
            BatchOpened x => Create(x),
            DetectionsAttached x when current is not null => current.Apply(x),
            BatchClosed x when current is not null => current.Apply(x),
            RiskAssessed x when current is not null => current.Apply(x),
            RiskReassessed x when current is not null => current.Apply(x),
            EventReviewed x when current is not null => current.Apply(x),
            EventFlagged x when current is not null => current.Apply(x),
            EventNotesChanged x when current is not null => current.Apply(x),
            EventSnoozed x when current is not null => current.Apply(x),
            FeedbackGiven x when current is not null => current.Apply(x),
            _ => current,
        });

    /// <summary>What a risk analyzer is given about this event.</summary>
    public RiskInputs InputsFor(string cameraName, string timezone, int recentEventCount) =>
        new(Id, CameraId, cameraName, timezone,
            Detections.Count == 0 ? OpenedAt : Detections.Min(d => d.DetectedAt),
            Detections.Count == 0 ? OpenedAt : Detections.Max(d => d.DetectedAt),
            Detections, recentEventCount);
}

/// <summary>Write-side state of a camera's batching stream: which batch, if any, is open.</summary>
public sealed record CameraBatching(string CameraId, long? OpenEventId)
{
    public static CameraBatching Fold(string cameraId, IEnumerable<object> events) => new CameraBatching(cameraId, null).Apply(events);

    public CameraBatching Apply(IEnumerable<object> events) =>
        events.Aggregate(this, (state, e) => e switch
        {
            CameraBatchOpened x => state with { OpenEventId = x.EventId },
            CameraBatchClosed x when x.EventId == state.OpenEventId => state with { OpenEventId = null },
            _ => state,
        });
}
