namespace Hsi.Domain.Media;

public enum MediaType { Image, Video }

/// <summary>A file from a camera was accepted for analysis.</summary>
public record MediaReceived(
    Guid MediaId, string CameraId, string FilePath, string FileType, MediaType MediaType,
    string Sha256, long SizeBytes, DateTimeOffset ReceivedAt);
