namespace Hsi.Projections.Entities;

/// <summary>
/// The entities module's read side. Inline: a person matched is matchable by the next detection, and a
/// trust change or a merge is read back at once (and by the next risk decision).
/// </summary>
public static class EntityProjections
{
    /// <summary>The appearances' table (<c>hsi.mt_doc_entity_appearance</c>), which the stats query reads in SQL.</summary>
    public const string AppearanceAlias = "entity_appearance";

    public static StoreOptions AddEntityProjections(this StoreOptions opts)
    {
        opts.Projections.Add<EntityViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<EntityAppearanceViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<EntityView>()
            .Duplicate(e => e.LastSeen)
            .Duplicate(e => e.EntityType)
            .Duplicate(e => e.TrustStatus);
        opts.Schema.For<EntityAppearanceView>()
            .DocumentAlias(AppearanceAlias)
            .Duplicate(a => a.EntityId!)
            .Duplicate(a => a.EntityType)
            .Duplicate(a => a.CameraId)
            .Duplicate(a => a.DetectedAt)
            // The matching index reads what changed since its last look by mt_last_modified.
            .IndexLastModified();
        return opts;
    }
}
