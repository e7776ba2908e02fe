using Weasel.Postgresql;

namespace Hsi.Projections.EventStore;

/// <summary>Where the event store lives in PostgreSQL, and the sequences that number what it records.</summary>
public static class StoreSchema
{
    public const string Name = "hsi";

    /// <summary>Numbers detections; each number is written once into MediaAnalyzed, so rebuilds never renumber.</summary>
    public const string DetectionIdSequence = "detection_id_seq";

    /// <summary>Numbers security events (the <c>event:&lt;id&gt;</c> streams).</summary>
    public const string EventIdSequence = "event_id_seq";

    /// <summary>Number households, properties and areas (the <c>household:&lt;id&gt;</c>, … streams; SEED-API §9 ids are integers).</summary>
    public const string HouseholdIdSequence = "household_id_seq";
    public const string PropertyIdSequence = "property_id_seq";
    public const string AreaIdSequence = "area_id_seq";

    /// <summary>Numbers scene changes (SceneChangeDetected), written once into the event.</summary>
    public const string SceneChangeIdSequence = "scene_change_id_seq";

    public static string Qualified(string sequence) => $"{Name}.{sequence}";

    /// <summary>Creates the id sequences with the store's schema.</summary>
    public static StoreOptions AddIdSequences(this StoreOptions opts)
    {
        foreach (var sequence in new[] { DetectionIdSequence, EventIdSequence, HouseholdIdSequence, PropertyIdSequence, AreaIdSequence, SceneChangeIdSequence })
            opts.Storage.ExtendedSchemaObjects.Add(new Sequence(new PostgresqlObjectName(Name, sequence, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General)));
        return opts;
    }
}
