using Hsi.Domain.Common;

namespace Hsi.Domain.Zones;

/// <summary>Write-side state of one zone stream; immutable, rebuilt from its events.</summary>
public sealed record Zone(Guid Id, string CameraId, ZoneOutline Outline, bool Deleted) : IEvolving<Zone>
{
    public static Zone Create(ZoneCreated e) => new(e.ZoneId, e.CameraId, e.Outline, false);
    public Zone Apply(ZoneChanged e) => this with { Outline = e.Outline };
    public Zone Apply(ZoneDeleted _) => this with { Deleted = true };

    public static Zone? Evolve(Zone? state, object e) => (state, e) switch
    {
        (_, ZoneCreated x) => Create(x),
        ({ } s, ZoneChanged x) => s.Apply(x),
        ({ } s, ZoneDeleted x) => s.Apply(x),
        _ => state,
    };
}
