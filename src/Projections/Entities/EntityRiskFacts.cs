using Hsi.Domain.SecurityEvents;

namespace Hsi.Projections.Entities;

/// <summary>What risk knows of the entities an event's detections were recognised as, from the entity read models.</summary>
public static class EntityRiskFacts
{
    /// <param name="detectionIds">The event's detections.</param>
    public static async Task<IReadOnlyList<RiskEntity>> OfAsync(IQuerySession session, IReadOnlyCollection<long> detectionIds, CancellationToken ct)
    {
        if (detectionIds.Count == 0) return [];
        var appearances = (await session.LoadManyAsync<EntityAppearanceView>(ct, detectionIds.Distinct())).Where(a => a.EntityId is not null).ToList();
        if (appearances.Count == 0) return [];
        var entities = (await session.LoadManyAsync<EntityView>(ct, appearances.Select(a => a.EntityId!.Value).Distinct()))
            .ToDictionary(e => e.Id);
        var ofEvent = detectionIds.ToHashSet();
        return [.. appearances.Where(a => entities.ContainsKey(a.EntityId!.Value)).OrderBy(a => a.Id).Select(a =>
        {
            var entity = entities[a.EntityId!.Value];
            // New: the entity was first seen in this event (its earliest appearance is one of the event's detections).
            return new RiskEntity(a.Id, entity.Id, entity.EntityType, entity.TrustStatus, entity.AppearanceCount,
                entity.ThumbnailDetectionId is { } first && ofEvent.Contains(first), entity.Plate);
        })];
    }
}
