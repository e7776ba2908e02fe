using System.Security.Cryptography;
using System.Text;
using Hsi.Domain.Common;

namespace Hsi.Domain.Entities;

/// <summary>
/// Pure deciders of an entity stream: appearances join a live entity once (never one that rejected
/// the detection), trust is one of three values with short notes, a merge needs two live entities of
/// one type, and only an entity's own appearance can be rejected.
/// </summary>
public static class EntityDecisions
{
    public const int MaxNotesLength = 500;

    /// <summary>Plates are compared as read on Latin plates: letters and digits only, upper case.</summary>
    public const int MaxPlateLength = 16;

    public static string NotFound(Guid entityId) => $"Entity {entityId} not found";

    /// <summary>The plate as its entity knows it (<c>[A-Z0-9]</c>), or null when nothing of it is left.</summary>
    public static string? NormalisePlate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var kept = new string([.. text.ToUpperInvariant().Where(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9')]);
        return kept.Length is 0 or > MaxPlateLength ? null : kept;
    }

    /// <summary>
    /// One entity per plate, on every node: its id is a name-based UUID (version 5 layout, SHA-1) of the plate,
    /// so two files of the same car at once race for one stream, and the loser's append fails and is retried.
    /// </summary>
    public static Guid PlateEntityId(string plate)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes($"hsi:plate:{plate}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static Decision Record(RecordAppearance cmd, Entity? state, DateTimeOffset now)
    {
        if (state is null)
            return Decision.Of(new EntityFirstSeen(cmd.EntityId, cmd.Type, cmd.Appearance with { Similarity = 1 }, cmd.Plate, cmd.Embedding, now));
        if (!state.IsLive) return Decision.Refuse(ErrorKind.Conflict, $"Entity {state.Id} was merged into {state.MergedInto}");
        if (state.Type != cmd.Type) return Decision.Refuse(ErrorKind.Conflict, $"Entity {state.Id} is a {state.Type}, not a {cmd.Type}");
        if (state.Rejected.Contains(cmd.Appearance.DetectionId))
            return Decision.Refuse(ErrorKind.Conflict, $"Detection {cmd.Appearance.DetectionId} was rejected as not entity {state.Id}");
        if (state.Appearances.ContainsKey(cmd.Appearance.DetectionId)) return Decision.Of();
        return Decision.Of(new EntityAppeared(state.Id, state.Type, cmd.Appearance, cmd.Embedding, now));
    }

    public static Decision ChangeTrust(ChangeTrust cmd, Entity? state, DateTimeOffset now)
    {
        if (cmd.Notes is { Length: > MaxNotesLength }) return Decision.Refuse(ErrorKind.Invalid, $"notes must be at most {MaxNotesLength} characters", "notes");
        if (state is not { IsLive: true }) return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.EntityId));
        return state.Trust == cmd.TrustStatus && state.TrustNotes == cmd.Notes
            ? Decision.Of()
            : Decision.Of(new EntityTrustChanged(state.Id, cmd.TrustStatus, cmd.Notes, now));
    }

    /// <summary>The surviving entity's events and the absorbed one's: both or neither are appended.</summary>
    public static (Decision Surviving, Decision Absorbed) Merge(MergeEntities cmd, Entity? surviving, Entity? absorbed, DateTimeOffset now)
    {
        if (cmd.SurvivingEntityId == cmd.AbsorbedEntityId)
        {
            var same = Decision.Refuse(ErrorKind.Invalid, "an entity cannot be merged with itself", "entity_id");
            return (same, same);
        }
        if (surviving is not { IsLive: true })
            return (Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.SurvivingEntityId)), Decision.Of());
        if (absorbed is not { IsLive: true })
            return (Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.AbsorbedEntityId)), Decision.Of());
        if (surviving.Type != absorbed.Type)
        {
            var mixed = Decision.Refuse(ErrorKind.Inconsistent, $"a {Name(surviving.Type)} cannot be merged with a {Name(absorbed.Type)}");
            return (mixed, mixed);
        }
        var moved = absorbed.Appearances.Values.Where(a => !surviving.Rejected.Contains(a.DetectionId))
            .OrderBy(a => a.DetectedAt).ThenBy(a => a.DetectionId).ToList();
        return (Decision.Of(new EntitiesMerged(surviving.Id, absorbed.Id, moved, [.. absorbed.Rejected.Order()], now)),
            Decision.Of(new EntityMergedInto(absorbed.Id, surviving.Id, now)));
    }

    public static Decision Reject(RejectAppearance cmd, Entity? state, DateTimeOffset now)
    {
        if (state is not { IsLive: true }) return Decision.Refuse(ErrorKind.NotFound, NotFound(cmd.EntityId));
        return state.Appearances.ContainsKey(cmd.DetectionId)
            ? Decision.Of(new AppearanceRejected(state.Id, cmd.DetectionId, now))
            : Decision.Refuse(ErrorKind.NotFound, $"Detection {cmd.DetectionId} is not an appearance of entity {cmd.EntityId}");
    }

    private static string Name(EntityType type) => type.ToString().ToLowerInvariant();
}
