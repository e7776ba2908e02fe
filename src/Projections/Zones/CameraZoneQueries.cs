using Hsi.Domain.Zones;

namespace Hsi.Projections.Zones;

/// <summary>Zones as analysis and tracking read them: each camera's enabled zones, in one query.</summary>
public static class CameraZoneQueries
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<CameraZone>>> EnabledZonesAsync(
        this IQuerySession session, IReadOnlyCollection<string> cameraIds, CancellationToken ct)
    {
        var cameras = cameraIds.Distinct().ToArray();
        var views = cameras.Length == 0 ? [] : await session.Query<ZoneView>()
            .Where(z => z.Enabled && z.CameraId.IsOneOf(cameras)).ToListAsync(ct);
        var byCamera = views.GroupBy(z => z.CameraId).ToDictionary(g => g.Key, g => (IReadOnlyList<CameraZone>)[.. g.Select(ToCameraZone)]);
        return cameras.ToDictionary(c => c, c => byCamera.GetValueOrDefault(c) ?? []);
    }

    public static CameraZone ToCameraZone(ZoneView z) =>
        new(z.Id, z.Name, z.Kind, z.ZoneType, z.Priority, z.LoiterSeconds, [.. z.Coordinates.Select(p => new ZonePoint(p[0], p[1]))]);
}
