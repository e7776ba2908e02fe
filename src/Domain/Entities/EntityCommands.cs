namespace Hsi.Domain.Entities;

/// <summary>A detection judged to be an entity: a new one when no entity matched it.</summary>
public record RecordAppearance(Guid EntityId, EntityType Type, EntityAppearance Appearance, string? Plate, float[]? Embedding);

public record ChangeTrust(Guid EntityId, TrustStatus TrustStatus, string? Notes);

/// <summary>Two entities are one: <paramref name="AbsorbedEntityId"/>'s appearances move to <paramref name="SurvivingEntityId"/>.</summary>
public record MergeEntities(Guid SurvivingEntityId, Guid AbsorbedEntityId);

public record RejectAppearance(Guid EntityId, long DetectionId);
