using Hsi.Domain.SecurityEvents;

namespace Hsi.Domain.Retention;

/// <summary>
/// A file passed the retention period (on its <c>media:&lt;id&gt;</c> stream, which is then archived):
/// it and its detections leave the read models; the events stay on record.
/// </summary>
public record MediaExpired(Guid MediaId, string CameraId, IReadOnlyList<long> DetectionIds, DateTimeOffset At);

/// <summary>A security event passed the retention period (on its <c>event:&lt;id&gt;</c> stream, which is then archived).</summary>
public record SecurityEventExpired(long EventId, DateTimeOffset At) : ISecurityEventFact;

/// <summary>A retention cleanup ran (on <c>retention:system</c>): what it removed and why.</summary>
public record RetentionCleanupRan(
    int RetentionDays, DateTimeOffset Cutoff, int EventsDeleted, int DetectionsDeleted, int ThumbnailsDeleted,
    int ImagesDeleted, long SpaceReclaimed, string Trigger, DateTimeOffset At);
