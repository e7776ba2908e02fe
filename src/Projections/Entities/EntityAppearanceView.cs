using Hsi.Domain.Common;
using Hsi.Domain.Entities;

namespace Hsi.Projections.Entities;

/// <summary>
/// One detection that joined an entity, keyed by detection id, with its person embedding: what matching
/// compares a new person against, what the stats count and what risk looks a detection's entity up by.
/// A rejected appearance stays (its entity null) so its embedding keeps being refused by the entities in <see cref="RejectedBy"/>.
/// </summary>
public sealed class EntityAppearanceView
{
    public long Id { get; set; }

    /// <summary>The entity it is an appearance of now; null once rejected.</summary>
    public Guid? EntityId { get; set; }

    public EntityType EntityType { get; set; }
    public Guid MediaId { get; set; }
    public string CameraId { get; set; } = "";
    public DateTimeOffset DetectedAt { get; set; }
    public double Similarity { get; set; }

    /// <summary>The person's OSNet embedding (512 floats, L2-normalised); null for plates.</summary>
    public float[]? Embedding { get; set; }

    /// <summary>Entities that said "not this one" of this detection: its embedding never matches them again.</summary>
    public List<Guid> RejectedBy { get; set; } = [];

    public static EntityAppearanceView From(Guid entityId, EntityType type, EntityAppearance a, float[]? embedding) => new()
    {
        Id = a.DetectionId, EntityId = entityId, EntityType = type, MediaId = a.MediaId, CameraId = a.CameraId,
        DetectedAt = StoredTime.Of(a.DetectedAt), Similarity = a.Similarity, Embedding = embedding,
    };
}
