namespace Hsi.Domain.Common;

/// <summary>String stream keys, prefixed by kind (ARCHITECTURE.md, Streams).</summary>
public static class StreamKeys
{
    public static string Camera(string cameraId) => $"camera:{cameraId}";
    public static string Media(Guid mediaId) => $"media:{mediaId}";
    public static string Batching(string cameraId) => $"batching:{cameraId}";
    public static string SecurityEvent(long eventId) => $"event:{eventId}";
    public static string Calibration(string userId) => $"calibration:{userId}";
    public const string SystemConfig = "config:system";
    public const string AnomalyConfig = "config:anomaly";
    public const string Retention = "retention:system";
    public static string Job(Guid jobId) => $"job:{jobId}";
    public static string Zone(Guid zoneId) => $"zone:{zoneId}";
    public static string Entity(Guid entityId) => $"entity:{entityId}";
    public static string Tracks(string cameraId) => $"tracks:{cameraId}";
    public static string Household(int householdId) => $"household:{householdId}";
    public static string Property(int propertyId) => $"property:{propertyId}";
    public static string Area(int areaId) => $"area:{areaId}";
    /// <summary>A camera's reference view and its scene changes, written by the pipeline (and acknowledgements).</summary>
    public static string Scene(string cameraId) => $"scene:{cameraId}";
}
