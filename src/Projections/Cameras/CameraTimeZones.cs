using Marten;

namespace Hsi.Projections.Cameras;

/// <summary>
/// The time zone a camera's days and hours are counted in (SPEC.md §6 "Days"): the camera's own,
/// else TIMEZONE. Baselines, analytics and risk rules all ask here, so a property's time zone
/// (issue 17, properties) changes them in one place. A zone this machine does not know reads as UTC.
/// </summary>
public static class CameraTimeZones
{
    public static async Task<IReadOnlyDictionary<string, TimeZoneInfo>> ForAsync(
        IQuerySession session, IReadOnlyCollection<string> cameraIds, string defaultTimezone, CancellationToken ct)
    {
        var cameras = await session.LoadManyAsync<CameraView>(ct, cameraIds);
        var zones = cameras.ToDictionary(c => c.Id, c => Named(c.Timezone ?? defaultTimezone));
        foreach (var id in cameraIds) zones.TryAdd(id, Named(defaultTimezone));
        return zones;
    }

    public static async Task<TimeZoneInfo> ForAsync(IQuerySession session, string cameraId, string defaultTimezone, CancellationToken ct) =>
        (await ForAsync(session, [cameraId], defaultTimezone, ct))[cameraId];

    public static TimeZoneInfo Named(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
