using Hsi.Domain.Common;
using Hsi.Domain.Entities;

namespace Hsi.Projections.Entities;

/// <summary>
/// The one writer of <see cref="EntityView"/>, from the entity streams; an entity merged into another goes (its stream stays).
/// Every event of a stream counts one towards <see cref="EntityView.StreamVersion"/>, the stream's version, live and rebuilt alike.
/// </summary>
public partial class EntityViewProjection : MultiStreamProjection<EntityView, Guid>
{
    public EntityViewProjection()
    {
        Identity<IEntityFact>(e => e.EntityId);
        DeleteEvent<EntityMergedInto>();
    }

    public EntityView Create(EntityFirstSeen e)
    {
        var view = new EntityView { Id = e.EntityId, EntityType = e.EntityType, Plate = e.Plate, StreamVersion = 1 };
        view.Take([e.Appearance]);
        return view;
    }

    public void Apply(EntityAppeared e, EntityView view)
    {
        view.Take([.. view.Appearances, e.Appearance]);
        view.StreamVersion++;
    }

    public void Apply(EntityTrustChanged e, EntityView view)
    {
        (view.TrustStatus, view.TrustNotes, view.TrustUpdatedAt) = (e.TrustStatus, e.Notes, StoredTime.Of(e.At));
        view.StreamVersion++;
    }

    public void Apply(EntitiesMerged e, EntityView view)
    {
        view.Take([.. view.Appearances, .. e.Appearances]);
        view.StreamVersion++;
    }

    public void Apply(AppearanceRejected e, EntityView view)
    {
        view.Take(view.Appearances.Where(a => a.DetectionId != e.DetectionId));
        view.StreamVersion++;
    }
}
