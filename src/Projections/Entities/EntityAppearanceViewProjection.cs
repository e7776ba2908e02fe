using Hsi.Domain.Entities;

namespace Hsi.Projections.Entities;

/// <summary>The one writer of <see cref="EntityAppearanceView"/>: appearances join, move on a merge and leave on a rejection.</summary>
public partial class EntityAppearanceViewProjection : MultiStreamProjection<EntityAppearanceView, long>
{
    public EntityAppearanceViewProjection()
    {
        Identity<EntityFirstSeen>(e => e.Appearance.DetectionId);
        Identity<EntityAppeared>(e => e.Appearance.DetectionId);
        Identities<EntitiesMerged>(e => [.. e.Appearances.Select(a => a.DetectionId), .. e.RejectedDetectionIds]);
        Identity<AppearanceRejected>(e => e.DetectionId);
    }

    public EntityAppearanceView Create(EntityFirstSeen e) => EntityAppearanceView.From(e.EntityId, e.EntityType, e.Appearance, e.Embedding);

    public EntityAppearanceView Create(EntityAppeared e) => EntityAppearanceView.From(e.EntityId, e.EntityType, e.Appearance, e.Embedding);

    /// <summary>A detection rejected by one entity may later join another (and be rejected again there).</summary>
    public void Apply(EntityAppeared e, EntityAppearanceView view)
    {
        var rejectedBy = view.RejectedBy;
        var joined = EntityAppearanceView.From(e.EntityId, e.EntityType, e.Appearance, e.Embedding ?? view.Embedding);
        (view.EntityId, view.CameraId, view.DetectedAt, view.Similarity, view.Embedding, view.MediaId) =
            (joined.EntityId, joined.CameraId, joined.DetectedAt, joined.Similarity, joined.Embedding, joined.MediaId);
        view.RejectedBy = rejectedBy;
    }

    public void Apply(EntitiesMerged e, EntityAppearanceView view)
    {
        if (view.EntityId == e.AbsorbedEntityId) view.EntityId = e.EntityId;
        if (view.RejectedBy.Remove(e.AbsorbedEntityId) && !view.RejectedBy.Contains(e.EntityId)) view.RejectedBy.Add(e.EntityId);
    }

    public void Apply(AppearanceRejected e, EntityAppearanceView view)
    {
        if (view.EntityId == e.EntityId) view.EntityId = null;
        if (!view.RejectedBy.Contains(e.EntityId)) view.RejectedBy.Add(e.EntityId);
    }
}
