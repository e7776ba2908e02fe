using Hsi.Domain.Media;

namespace Hsi.Projections.Media;

/// <summary>Read model of one accepted file: where it is, and how its analysis went.</summary>
public sealed class MediaView
{
    public Guid Id { get; set; }
    public string CameraId { get; set; } = "";
    public string FilePath { get; set; } = "";
    public MediaType MediaType { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public MediaState State { get; set; }
    public string? RejectionReason { get; set; }
    public int DetectionCount { get; set; }
    /// <summary>For a duplicate: the media whose content it repeats.</summary>
    public Guid? OriginalMediaId { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>The size the file was received with (what it takes on disk while kept).</summary>
    public long SizeBytes { get; set; }
    /// <summary>The security events its detections joined.</summary>
    public List<long> EventIds { get; set; } = [];
    /// <summary>When its files were removed for disk space (MediaEvicted); null while they are kept.</summary>
    public DateTimeOffset? EvictedAt { get; set; }
    public string? EvictionReason { get; set; }
}
