namespace Hsi.Domain.Tracks;

/// <summary>A detection's track as recorded: <see cref="TrackConfidence"/> is the IoU with the track's predicted box (1 when it started the track).</summary>
public sealed record TrackedDetection(long DetectionId, long TrackId, double TrackConfidence);

/// <summary>
/// On a camera's tracking stream (<c>tracks:&lt;camera id&gt;</c>): one file's detections joined these
/// tracks (at <see cref="At"/>, the association time). Always the last event of a decision, carrying
/// the tracker's state after it, so the stream's newest event alone is its state.
/// </summary>
public record DetectionsTracked(string CameraId, Guid MediaId, IReadOnlyList<TrackedDetection> Detections, CameraTracks State, DateTimeOffset At);

/// <summary>A track's standing point came into an area zone (a visit, <see cref="VisitId"/>, begins).</summary>
public record TrackEnteredZone(string CameraId, Guid ZoneId, Guid VisitId, long TrackId, string ObjectType, DateTimeOffset At);

/// <summary>
/// The visit ended: the track was seen outside the zone (<see cref="At"/> that frame's time), or was
/// lost (<see cref="At"/> when it was last seen).
/// </summary>
public record TrackLeftZone(string CameraId, Guid ZoneId, Guid VisitId, long TrackId, string ObjectType, DateTimeOffset EnteredAt, DateTimeOffset At, double Seconds);

public enum CrossingDirection { In, Out }

/// <summary>A track's standing point went from one side of a line zone to the other between two of its points.</summary>
public record LineCrossed(string CameraId, Guid ZoneId, long TrackId, string ObjectType, CrossingDirection Direction, DateTimeOffset At);

/// <summary>A track stayed in an area zone longer than its <c>loiter_seconds</c>: recorded once per visit.</summary>
public record LoiteringObserved(
    string CameraId, Guid ZoneId, Guid VisitId, long TrackId, string ObjectType, DateTimeOffset EnteredAt, DateTimeOffset At, double Seconds);
