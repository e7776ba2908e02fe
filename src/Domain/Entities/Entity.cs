using System.Collections.Immutable;
using Hsi.Domain.Common;

namespace Hsi.Domain.Entities;

/// <summary>Write-side state of one entity stream; immutable, rebuilt from its events.</summary>
public sealed record Entity(
    Guid Id, EntityType Type, string? Plate, TrustStatus Trust, string? TrustNotes, Guid? MergedInto,
    ImmutableDictionary<long, EntityAppearance> Appearances, ImmutableHashSet<long> Rejected) : IEvolving<Entity>
{
    public static Entity Create(EntityFirstSeen e) => new(e.EntityId, e.EntityType, e.Plate, TrustStatus.Unclassified, null, null,
        ImmutableDictionary<long, EntityAppearance>.Empty.Add(e.Appearance.DetectionId, e.Appearance), []);

    public static Entity? Evolve(Entity? state, object e) => (state, e) switch
    {
        (_, EntityFirstSeen x) => Create(x),
        ({ } s, EntityAppeared x) => s with { Appearances = s.Appearances.SetItem(x.Appearance.DetectionId, x.Appearance) },
        ({ } s, EntityTrustChanged x) => s with { Trust = x.TrustStatus, TrustNotes = x.Notes },
        ({ } s, EntitiesMerged x) => s with
        {
            Appearances = s.Appearances.SetItems(x.Appearances.Select(a => KeyValuePair.Create(a.DetectionId, a))),
            Rejected = s.Rejected.Union(x.RejectedDetectionIds),
        },
        ({ } s, EntityMergedInto x) => s with { MergedInto = x.SurvivingEntityId, Appearances = s.Appearances.Clear() },
        ({ } s, AppearanceRejected x) => s with { Appearances = s.Appearances.Remove(x.DetectionId), Rejected = s.Rejected.Add(x.DetectionId) },
        _ => state,
    };

    /// <summary>Exists and has not been merged into another: it takes appearances and changes.</summary>
    public bool IsLive => MergedInto is null;
}
