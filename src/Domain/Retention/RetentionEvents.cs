using Hsi.Domain.SecurityEvents;

namespace Hsi.Domain.Retention;

/// <summary>
/// A file passed the retention period (on its <c>media:&lt;id&gt;</c> stream, which is then archived):
/// it and its detections leave the read models; the events stay on record.
/// </summary>
public record MediaExpired(Guid MediaId, string CameraId, IReadOnlyList<long> DetectionIds, DateTimeOffset At);

/// <summary>
/// The file's bytes were removed to keep storage within STORAGE_MAX_GB or above STORAGE_MIN_FREE_PERCENT (on its
/// <c>media:&lt;id&gt;</c> stream, which stays live): the camera file and the pictures made from it are gone, the
/// media, its detections and events stay on record. <see cref="PathKinds"/> names what was on disk and removed
/// (<see cref="EvictedPathKinds"/>); <see cref="Flagged"/> says it belonged to a flagged event (a last resort).
/// </summary>
public record MediaEvicted(
    Guid MediaId, string CameraId, string Reason, long BytesFreed, IReadOnlyList<string> PathKinds, IReadOnlyList<long> DetectionIds,
    bool Flagged, DateTimeOffset At);

/// <summary>Why a file was evicted: the cap it was over, or the free-space floor it was under.</summary>
public static class EvictionReasons
{
    public const string StorageMaxGb = "storage_max_gb";
    public const string StorageMinFreePercent = "storage_min_free_percent";
}

/// <summary>What an eviction removes: the camera file, its detections' thumbnails, a clip's extracted frames.</summary>
public static class EvictedPathKinds
{
    public const string Media = "media";
    public const string Thumbnail = "thumbnail";
    public const string Frame = "frame";
}

/// <summary>A security event passed the retention period (on its <c>event:&lt;id&gt;</c> stream, which is then archived).</summary>
public record SecurityEventExpired(long EventId, DateTimeOffset At) : ISecurityEventFact;

/// <summary>A retention cleanup ran (on <c>retention:system</c>): what it removed and why.</summary>
public record RetentionCleanupRan(
    int RetentionDays, DateTimeOffset Cutoff, int EventsDeleted, int DetectionsDeleted, int ThumbnailsDeleted,
    int ImagesDeleted, long SpaceReclaimed, string Trigger, DateTimeOffset At);
