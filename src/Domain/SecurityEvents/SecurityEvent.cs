using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.Retention;

namespace Hsi.Domain.SecurityEvents;

/// <summary>Write-side state of one security event's stream; immutable, rebuilt from its events.</summary>
public sealed record SecurityEvent(
    long Id, string BatchId, string CameraId, bool IsFastPath, DateTimeOffset OpenedAt,
    IReadOnlyList<BatchedDetection> Detections, DateTimeOffset LastActivityAt, CloseReason? ClosedBy,
    RiskDecision? Risk, bool Reviewed, bool Flagged, string? Notes, DateTimeOffset? SnoozeUntil) : IEvolving<SecurityEvent>
{
    public bool IsOpen => ClosedBy is null;

    /// <summary>The feedback given so far, by kind: each kind counts once per event.</summary>
    public IReadOnlyDictionary<FeedbackKind, DateTimeOffset> Feedback { get; init; } = new Dictionary<FeedbackKind, DateTimeOffset>();

    /// <summary>Retention expired it: it has left the read models (its stream is archived).</summary>
    public bool Expired { get; init; }

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

    public SecurityEvent Apply(SecurityEventExpired _) => this with { Expired = true };

    public static SecurityEvent? Evolve(SecurityEvent? state, object e) => (state, e) switch
    {
        (_, BatchOpened x) => Create(x),
        ({ } s, DetectionsAttached x) => s.Apply(x),
        ({ } s, BatchClosed x) => s.Apply(x),
        ({ } s, RiskAssessed x) => s.Apply(x),
        ({ } s, RiskReassessed x) => s.Apply(x),
        ({ } s, EventReviewed x) => s.Apply(x),
        ({ } s, EventFlagged x) => s.Apply(x),
        ({ } s, EventNotesChanged x) => s.Apply(x),
        ({ } s, EventSnoozed x) => s.Apply(x),
        ({ } s, FeedbackGiven x) => s.Apply(x),
        ({ } s, SecurityEventExpired x) => s.Apply(x),
        _ => state,
    };

    /// <summary>What a risk analyzer is given about this event.</summary>
    public RiskInputs InputsFor(string cameraName, string timezone, int recentEventCount) =>
        new(Id, CameraId, cameraName, timezone,
            Detections.Count == 0 ? OpenedAt : Detections.Min(d => d.DetectedAt),
            Detections.Count == 0 ? OpenedAt : Detections.Max(d => d.DetectedAt),
            Detections, recentEventCount);
}

/// <summary>Write-side state of a camera's batching stream: which batch, if any, is open.</summary>
public sealed record CameraBatching(string CameraId, long? OpenEventId) : IEvolving<CameraBatching>
{
    /// <summary>A camera whose batching stream has not started: no batch open.</summary>
    public static CameraBatching None(string cameraId) => new(cameraId, null);

    public static CameraBatching Create(CameraBatchOpened e) => new(e.CameraId, e.EventId);

    public CameraBatching Apply(CameraBatchOpened e) => this with { OpenEventId = e.EventId };

    /// <summary>Closing a batch other than the open one (a late close check) leaves the open one open.</summary>
    public CameraBatching Apply(CameraBatchClosed e) => e.EventId == OpenEventId ? this with { OpenEventId = null } : this;

    public static CameraBatching? Evolve(CameraBatching? state, object e) => (state, e) switch
    {
        (null, CameraBatchOpened x) => Create(x),
        ({ } s, CameraBatchOpened x) => s.Apply(x),
        ({ } s, CameraBatchClosed x) => s.Apply(x),
        _ => state,
    };
}
