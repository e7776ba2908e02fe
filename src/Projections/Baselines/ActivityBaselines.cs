using Hsi.Domain.Baselines;
using Hsi.Projections.Cameras;
using Hsi.Projections.EventStore;

namespace Hsi.Projections.Baselines;

/// <summary>
/// Reads a camera's activity baseline from the detection tallies: the hourly counts of its window
/// (one aggregate query, at most window_days × 24 rows per class), placed in the camera's time zone
/// (<see cref="CameraTimeZones"/>) now, so a changed zone re-reads every past hour in the new one.
/// </summary>
public static class ActivityBaselines
{
    private const string Tallies = StoreSchema.Name + ".mt_doc_detectiontallyview";

    public static async Task<AnomalyConfig> ConfigAsync(IQuerySession session, CancellationToken ct) =>
        AnomalyConfigView.InForce(await session.LoadAsync<AnomalyConfigView>(AnomalyConfigView.SingletonId, ct));

    /// <summary>The camera's counts per UTC hour and class in [<paramref name="fromHour"/>, <paramref name="toHour"/>].</summary>
    public static async Task<IReadOnlyList<HourClassCount>> CountsAsync(IQuerySession session, string cameraId, long fromHour, long toHour, CancellationToken ct) =>
        await session.AdvancedSql.QueryAsync<HourClassCount>(
            $"""
             select jsonb_build_object('UnixHour', hour, 'ObjectType', object_type, 'Count', total) from (
               select (h->>'UnixHour')::bigint as hour, h->>'ObjectType' as object_type, sum((h->>'Count')::int) as total
               from {Tallies} t, jsonb_array_elements(t.data->'Hours') h
               where t.camera_id = ? and t.last_unix_hour >= ? and t.first_unix_hour <= ?
                 and (h->>'UnixHour')::bigint between ? and ?
               group by 1, 2) counts
             """, ct, cameraId, fromHour, toHour, fromHour, toHour);

    /// <summary>The first hour the camera had a detection (of the files still kept), or null.</summary>
    public static async Task<long?> FirstObservedHourAsync(IQuerySession session, string cameraId, CancellationToken ct)
    {
        var first = await session.AdvancedSql.QueryAsync<long>(
            $"select coalesce(min(first_unix_hour), -1) from {Tallies} where camera_id = ?", ct, cameraId);
        return first[0] < 0 ? null : first[0];
    }

    /// <summary>
    /// The camera's baseline as of <paramref name="asOf"/> (its window ends before that hour), with the
    /// hourly counts from <paramref name="alsoFrom"/> (or the window's start, if earlier) to that hour inclusive.
    /// </summary>
    public static async Task<BaselineRead> ReadAsync(
        IQuerySession session, string cameraId, TimeZoneInfo zone, AnomalyConfig config, DateTimeOffset asOf, DateTimeOffset? alsoFrom, CancellationToken ct)
    {
        var toHour = DetectionTallyViewProjection.UnixHourOf(asOf);
        var windowStart = toHour - config.WindowDays * 24L;
        var first = await FirstObservedHourAsync(session, cameraId, ct);
        var fromHour = Math.Max(windowStart, first ?? toHour);
        var readFrom = Math.Min(fromHour, alsoFrom is { } f ? DetectionTallyViewProjection.UnixHourOf(f) : fromHour);
        IReadOnlyList<HourClassCount> counts = first is null ? [] : await CountsAsync(session, cameraId, readFrom, toHour, ct);
        return new BaselineRead(ActivityBaseline.Of(counts, fromHour, toHour, zone), counts, first, config);
    }

    /// <summary>What the baseline says of the hour of <paramref name="at"/> (its counts so far), judged on the window before it.</summary>
    public static async Task<HourBaseline> JudgeHourAsync(
        IQuerySession session, string cameraId, TimeZoneInfo zone, DateTimeOffset at, CancellationToken ct)
    {
        var config = await ConfigAsync(session, ct);
        var read = await ReadAsync(session, cameraId, zone, config, at, null, ct);
        var hour = DetectionTallyViewProjection.UnixHourOf(at);
        var byClass = read.Counts.Where(c => c.UnixHour == hour).ToDictionary(c => c.ObjectType, c => c.Count, StringComparer.Ordinal);
        return read.Baseline.Judge(ActivityBaseline.Observe(hour, byClass, zone), config);
    }
}

/// <summary>A camera's baseline with the counts it was read from (and any asked for before it), its first observed hour and the config it used.</summary>
public sealed record BaselineRead(ActivityBaseline Baseline, IReadOnlyList<HourClassCount> Counts, long? FirstObservedHour, AnomalyConfig Config);
