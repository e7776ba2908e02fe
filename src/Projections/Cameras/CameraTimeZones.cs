using Hsi.Projections.Properties;
using Marten;

namespace Hsi.Projections.Cameras;

/// <summary>
/// The time zone a camera's days and hours are counted in (SPEC.md §6 "Days"): its property's when
/// it is at a (live) property, else the camera's own, else TIMEZONE. Baselines, analytics and risk
/// rules all ask here. A zone this machine does not know reads as UTC.
/// </summary>
public static class CameraTimeZones
{
    public static async Task<IReadOnlyDictionary<string, TimeZoneInfo>> ForAsync(
        IQuerySession session, IReadOnlyCollection<string> cameraIds, string defaultTimezone, CancellationToken ct)
    {
        var zones = await OfAsync(session, await session.LoadManyAsync<CameraView>(ct, cameraIds), defaultTimezone, ct);
        foreach (var id in cameraIds) zones.TryAdd(id, Named(defaultTimezone));
        return zones;
    }

    /// <summary>The zone of a camera the caller has already loaded (null: an unknown camera, counted in TIMEZONE).</summary>
    public static async Task<TimeZoneInfo> OfAsync(IQuerySession session, CameraView? camera, string defaultTimezone, CancellationToken ct) =>
        camera is null ? Named(defaultTimezone) : (await OfAsync(session, [camera], defaultTimezone, ct))[camera.Id];

    private static async Task<Dictionary<string, TimeZoneInfo>> OfAsync(
        IQuerySession session, IReadOnlyList<CameraView> cameras, string defaultTimezone, CancellationToken ct)
    {
        var propertyIds = cameras.Select(c => c.PropertyId).OfType<int>().Distinct().ToArray();
        var properties = propertyIds.Length == 0
            ? new Dictionary<int, string>()
            : (await session.LoadManyAsync<PropertyView>(ct, propertyIds)).ToDictionary(p => p.Id, p => p.Timezone);
        return cameras.ToDictionary(c => c.Id, c => Named(
            (c.PropertyId is { } p && properties.TryGetValue(p, out var propertyZone) ? propertyZone : null) ?? c.Timezone ?? defaultTimezone));
    }

    public static async Task<TimeZoneInfo> ForAsync(IQuerySession session, string cameraId, string defaultTimezone, CancellationToken ct) =>
        (await ForAsync(session, [cameraId], defaultTimezone, ct))[cameraId];

    public static TimeZoneInfo Named(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
