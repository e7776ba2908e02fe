using Hsi.Projections.Cameras;
using Npgsql;
using NpgsqlTypes;

namespace Hsi.Api.Features.Analytics;

/// <summary>
/// The days of one analytics request and the time zone each camera counts its days in
/// (SPEC.md §6 "Days": <see cref="CameraTimeZones"/>, not the database's). Aggregates run in
/// PostgreSQL over the read models' duplicated columns; a row's local day is
/// <see cref="LocalDay"/> of its timestamp, the camera's zone joined from <see cref="ZonesCte"/>.
/// </summary>
public sealed class AnalyticsWindow
{
    /// <summary>No zone is further than this from UTC (UTC+14, UTC−12): the UTC range that surely holds every local day asked for.</summary>
    private static readonly TimeSpan WidestOffset = TimeSpan.FromHours(14);

    /// <summary>Each camera's time zone, by name: <c>zone(camera_id, tz)</c>. A camera it does not list counts in TIMEZONE.</summary>
    public const string ZonesCte = "zone(camera_id, tz) as (select * from unnest(@camera_ids, @camera_zones))";

    private readonly string[] _cameraIds;
    private readonly string[] _zoneNames;
    private readonly string _defaultZone;

    private AnalyticsWindow(DateOnly start, DateOnly end, string[] cameraIds, string[] zoneNames, string defaultZone)
    {
        Start = start;
        End = end;
        _cameraIds = cameraIds;
        _zoneNames = zoneNames;
        _defaultZone = defaultZone;
    }

    public DateOnly Start { get; }
    public DateOnly End { get; }
    public int DayCount => End.DayNumber - Start.DayNumber + 1;
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, DayCount).Select(Start.AddDays);

    /// <summary>The row's day in its camera's zone; the query must join <see cref="ZonesCte"/> as <c>zone</c> on camera_id.</summary>
    public static string LocalDay(string timestampColumn) => $"({timestampColumn} at time zone coalesce(zone.tz, @default_zone))::date";

    /// <summary>
    /// The filter of a query over <paramref name="timestampColumn"/>: a UTC range (an index range) wide enough
    /// for every zone, then exactly the local days asked for.
    /// </summary>
    public static string Within(string timestampColumn) =>
        $"{timestampColumn} >= @utc_from and {timestampColumn} < @utc_to and {LocalDay(timestampColumn)} between @start_day and @end_day";

    public static async Task<AnalyticsWindow> ForAsync(IQuerySession session, HsiSettings settings, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var cameraIds = await session.Query<CameraView>().Select(c => c.Id).ToListAsync(ct);
        var zones = await CameraTimeZones.ForAsync(session, [.. cameraIds], settings.Timezone, ct);
        return new AnalyticsWindow(start, end, [.. zones.Keys], [.. zones.Values.Select(PostgresName)],
            PostgresName(CameraTimeZones.Named(settings.Timezone)));
    }

    public NpgsqlCommand Command(NpgsqlDataSource db, string sql)
    {
        var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter("camera_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _cameraIds });
        cmd.Parameters.Add(new NpgsqlParameter("camera_zones", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _zoneNames });
        cmd.Parameters.AddWithValue("default_zone", _defaultZone);
        cmd.Parameters.AddWithValue("start_day", Start);
        cmd.Parameters.AddWithValue("end_day", End);
        cmd.Parameters.AddWithValue("utc_from", Clamp(Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), -WidestOffset));
        cmd.Parameters.AddWithValue("utc_to", Clamp(End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), TimeSpan.FromDays(1) + WidestOffset));
        return cmd;
    }

    /// <summary>Counts by local day, zero-filled: every day of the range, in order.</summary>
    public IReadOnlyList<(DateOnly Day, T Value)> ZeroFilled<T>(IReadOnlyDictionary<DateOnly, T> byDay, T none) =>
        [.. Days.Select(d => (d, byDay.TryGetValue(d, out var v) ? v : none))];

    /// <summary>The name PostgreSQL knows the zone by (IANA); a zone known only by a Windows name is converted.</summary>
    private static string PostgresName(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : "UTC";

    /// <summary>The day moved by <paramref name="shift"/>, held within DateTime's range (0001-01-01 and 9999-12-31 are valid days).</summary>
    private static DateTime Clamp(DateTime day, TimeSpan shift)
    {
        var ticks = Math.Clamp(day.Ticks + shift.Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        return new DateTime(ticks, DateTimeKind.Utc);
    }
}
