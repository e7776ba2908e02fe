namespace Hsi.Domain.Entities;

/// <summary>What an entity is: a re-identified person, or a vehicle known by its plate (the API filters accept these two).</summary>
public enum EntityType { Person, Vehicle }

/// <summary>What the household says of an entity (SPEC.md §6); every entity starts unclassified.</summary>
public enum TrustStatus { Unclassified, Trusted, Untrusted }

/// <summary>Marker of the events of one entity's stream (<c>entity:&lt;uuid&gt;</c>), so projections can key them by id.</summary>
public interface IEntityFact
{
    Guid EntityId { get; }
}

/// <summary>One detection that is (was judged to be) the entity.</summary>
/// <param name="Similarity">Cosine similarity of its embedding to the entity's best match when it joined; 1 for the first appearance and for plates.</param>
public sealed record EntityAppearance(long DetectionId, Guid MediaId, string CameraId, DateTimeOffset DetectedAt, double Similarity);

/// <summary>
/// A person or a plate no known entity matched: a new entity, with its first appearance. The person's
/// embedding (OSNet, L2-normalised) travels with it, so the matching read model rebuilds from entity streams alone.
/// </summary>
public record EntityFirstSeen(
    Guid EntityId, EntityType EntityType, EntityAppearance Appearance, string? Plate, float[]? Embedding, DateTimeOffset At) : IEntityFact;

/// <summary>A detection matched the entity (a person above the match threshold, or the same plate).</summary>
public record EntityAppeared(Guid EntityId, EntityType EntityType, EntityAppearance Appearance, float[]? Embedding, DateTimeOffset At) : IEntityFact;

/// <summary>The household classified the entity; the notes (≤ 500 characters) replace any before.</summary>
public record EntityTrustChanged(Guid EntityId, TrustStatus TrustStatus, string? Notes, DateTimeOffset At) : IEntityFact;

/// <summary>
/// On the surviving entity: another entity was the same one. Its appearances moved here, and the
/// detections it had rejected are rejected here too.
/// </summary>
public record EntitiesMerged(
    Guid EntityId, Guid AbsorbedEntityId, IReadOnlyList<EntityAppearance> Appearances, IReadOnlyList<long> RejectedDetectionIds,
    DateTimeOffset At) : IEntityFact;

/// <summary>On the absorbed entity: it was merged into <paramref name="SurvivingEntityId"/> and takes nothing more.</summary>
public record EntityMergedInto(Guid EntityId, Guid SurvivingEntityId, DateTimeOffset At) : IEntityFact;

/// <summary>"Not this one": the appearance leaves the entity, and that detection's embedding never matches it again.</summary>
public record AppearanceRejected(Guid EntityId, long DetectionId, DateTimeOffset At) : IEntityFact;
