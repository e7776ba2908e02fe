using Hsi.Domain.Common;
using Hsi.Domain.Entities;

namespace Hsi.Projections.Entities;

/// <summary>The one writer of <see cref="EntityView"/>, from the entity streams; an entity merged into another goes (its stream stays).</summary>
public partial class EntityViewProjection : MultiStreamProjection<EntityView, Guid>
{
    public EntityViewProjection()
    {
        Identity<IEntityFact>(e => e.EntityId);
        DeleteEvent<EntityMergedInto>();
    }

    public EntityView Create(IEvent<EntityFirstSeen> e)
    {
        var view = new EntityView { Id = e.Data.EntityId, EntityType = e.Data.EntityType, Plate = e.Data.Plate, Version = e.Version };
        view.Take([e.Data.Appearance]);
        return view;
    }

    public void Apply(IEvent<EntityAppeared> e, EntityView view)
    {
        view.Take([.. view.Appearances, e.Data.Appearance]);
        view.Version = e.Version;
    }

    public void Apply(IEvent<EntityTrustChanged> e, EntityView view)
    {
        (view.TrustStatus, view.TrustNotes, view.TrustUpdatedAt, view.Version) = (e.Data.TrustStatus, e.Data.Notes, StoredTime.Of(e.Data.At), e.Version);
    }

    public void Apply(IEvent<EntitiesMerged> e, EntityView view)
    {
        view.Take([.. view.Appearances, .. e.Data.Appearances]);
        view.Version = e.Version;
    }

    public void Apply(IEvent<AppearanceRejected> e, EntityView view)
    {
        view.Take(view.Appearances.Where(a => a.DetectionId != e.Data.DetectionId));
        view.Version = e.Version;
    }
}
