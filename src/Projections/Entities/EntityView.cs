using Hsi.Domain.Common;
using Hsi.Domain.Entities;

namespace Hsi.Projections.Entities;

/// <summary>An entity as it is now: the read model behind the entity endpoints and the risk inputs.</summary>
public sealed class EntityView
{
    public Guid Id { get; set; }
    public EntityType EntityType { get; set; }

    /// <summary>A vehicle's normalised plate; null for people.</summary>
    public string? Plate { get; set; }

    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public int AppearanceCount { get; set; }
    public List<string> CamerasSeen { get; set; } = [];

    /// <summary>The earliest appearance's detection: its picture is the entity's thumbnail.</summary>
    public long? ThumbnailDetectionId { get; set; }

    public TrustStatus TrustStatus { get; set; }
    public string? TrustNotes { get; set; }
    public DateTimeOffset? TrustUpdatedAt { get; set; }

    /// <summary>Oldest first.</summary>
    public List<EntityAppearance> Appearances { get; set; } = [];

    /// <summary>The stream's version: what a client sends back as <c>version</c> to write only over what it read.</summary>
    public long StreamVersion { get; set; }

    public void Take(IEnumerable<EntityAppearance> appearances)
    {
        Appearances = [.. appearances.DistinctBy(a => a.DetectionId).OrderBy(a => a.DetectedAt).ThenBy(a => a.DetectionId)
            .Select(a => a with { DetectedAt = StoredTime.Of(a.DetectedAt) })];
        AppearanceCount = Appearances.Count;
        CamerasSeen = [.. Appearances.Select(a => a.CameraId).Distinct().Order(StringComparer.Ordinal)];
        ThumbnailDetectionId = Appearances.Count == 0 ? null : Appearances[0].DetectionId;
        if (Appearances.Count == 0) return;
        FirstSeen = Appearances[0].DetectedAt;
        LastSeen = Appearances.Max(a => a.DetectedAt);
    }
}
