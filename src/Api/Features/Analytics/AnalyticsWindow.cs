using Hsi.Projections.Cameras;
using Npgsql;
using NpgsqlTypes;

namespace Hsi.Api.Features.Analytics;

/// <summary>
/// The days of one analytics request, counted per camera in its own time zone (SPEC.md §6 "Days":
/// <see cref="CameraTimeZones"/>, not the database's). The zone rules are applied here, with the same
/// TimeZoneInfo as the rest of the API: each camera's span of the request is cut where its UTC offset
/// changes, into segments of one offset each (<see cref="ZonesCte"/>). PostgreSQL then only adds a row's
/// segment offset to its timestamp, giving its local wall-clock time, and bins that by day
/// (<see cref="DayOf(string)"/>): integer arithmetic per row, an index range per camera and segment, and no
/// time-zone lookup for each of a million rows.
/// </summary>
public sealed class AnalyticsWindow
{
    /// <summary>
    /// <c>zone(camera_id, seg_from, seg_to, shift)</c>: from <c>seg_from</c> (inclusive) to <c>seg_to</c> the camera's
    /// clock is <c>shift</c> ahead of UTC. Joined on camera_id and the segment range, it also bounds the rows to the
    /// request's local days.
    /// </summary>
    public const string ZonesCte =
        "zone(camera_id, seg_from, seg_to, shift) as (select * from unnest(@seg_cameras::text[], @seg_from::timestamptz[], @seg_to::timestamptz[], @seg_shift::interval[]))";

    /// <summary>The join of a table aliased <paramref name="alias"/> to its camera's segments by <paramref name="timestampColumn"/>.</summary>
    public static string JoinZone(string alias, string timestampColumn) =>
        $"join zone on zone.camera_id = {alias}.camera_id and {timestampColumn} >= zone.seg_from and {timestampColumn} < zone.seg_to";

    /// <summary>The row's local day, as the timestamptz of that date's midnight in UTC (read back with <see cref="DayOf(NpgsqlDataReader, int)"/>).</summary>
    public static string DayOf(string timestampColumn) => $"date_bin('1 day', {timestampColumn} + zone.shift, timestamptz '2000-01-01 00:00:00+00')";

    /// <summary>How often the zone rules are sampled for a change of offset; every zone changes on a quarter-hour boundary.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    private readonly List<(string Camera, DateTime From, DateTime To, TimeSpan Shift)> _segments;

    private AnalyticsWindow(DateOnly start, DateOnly end, List<(string, DateTime, DateTime, TimeSpan)> segments)
    {
        Start = start;
        End = end;
        _segments = segments;
    }

    public DateOnly Start { get; }
    public DateOnly End { get; }
    public int DayCount => End.DayNumber - Start.DayNumber + 1;
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, DayCount).Select(Start.AddDays);

    /// <summary>The day a <see cref="DayOf(string)"/> column holds.</summary>
    public static DateOnly DayOf(NpgsqlDataReader reader, int ordinal) => DateOnly.FromDateTime(reader.GetDateTime(ordinal));

    /// <summary>
    /// Every registered camera (deleted ones too: their detections still count in the range) with its zone.
    /// Rows of a camera with no record are left out; ingest only records files of registered cameras.
    /// </summary>
    public static async Task<AnalyticsWindow> ForAsync(IQuerySession session, HsiSettings settings, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var cameraIds = await session.Query<CameraView>().Select(c => c.Id).ToListAsync(ct);
        var zones = await CameraTimeZones.ForAsync(session, [.. cameraIds], settings.Timezone, ct);
        var byZone = zones.Values.Distinct().ToDictionary(z => z, z => Segments(start, end, z));
        return new AnalyticsWindow(start, end,
            [.. zones.SelectMany(c => byZone[c.Value].Select(s => (c.Key, s.From, s.To, s.Shift)))]);
    }

    public NpgsqlCommand Command(NpgsqlDataSource db, string sql)
    {
        var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter("seg_cameras", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _segments.Select(s => s.Camera).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("seg_from", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _segments.Select(s => s.From).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("seg_to", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _segments.Select(s => s.To).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("seg_shift", NpgsqlDbType.Array | NpgsqlDbType.Interval) { Value = _segments.Select(s => s.Shift).ToArray() });
        return cmd;
    }

    /// <summary>Values by day, zero-filled: every day of the range, in order; days outside it dropped.</summary>
    public IReadOnlyList<(DateOnly Day, T Value)> ZeroFilled<T>(IReadOnlyDictionary<DateOnly, T> byDay, T none) =>
        [.. Days.Select(d => (d, byDay.TryGetValue(d, out var v) ? v : none))];

    /// <summary>
    /// The local days <paramref name="start"/> to <paramref name="end"/> of <paramref name="zone"/> in UTC, cut where the
    /// offset changes: the changes are found by sampling every <see cref="Step"/> and narrowed to the minute.
    /// </summary>
    public static List<(DateTime From, DateTime To, TimeSpan Shift)> Segments(DateOnly start, DateOnly end, TimeZoneInfo zone)
    {
        var from = StartOfDay(start.DayNumber, zone);
        var to = StartOfDay(end.DayNumber + 1, zone);
        var segments = new List<(DateTime, DateTime, TimeSpan)>();
        var segmentFrom = from;
        var shift = zone.GetUtcOffset(from);
        for (var t = from; t < to;)
        {
            var next = to - t > Step ? t + Step : to;
            if (zone.GetUtcOffset(next) != shift && next < to)
            {
                var change = t;
                while (zone.GetUtcOffset(change) == shift) change = change.AddMinutes(1);
                segments.Add((segmentFrom, change, shift));
                (segmentFrom, shift) = (change, zone.GetUtcOffset(change));
            }
            t = next;
        }
        segments.Add((segmentFrom, to, shift));
        return segments;
    }

    /// <summary>
    /// When local day <paramref name="dayNumber"/> begins, in UTC: its midnight, or the first valid local time where a
    /// clock change skips midnight, or the earlier of two midnights where one repeats it. Held within DateTime's range.
    /// </summary>
    private static DateTime StartOfDay(int dayNumber, TimeZoneInfo zone)
    {
        if (dayNumber > DateOnly.MaxValue.DayNumber) return DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        var local = DateOnly.FromDayNumber(dayNumber).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        var ticks = Math.Clamp(local.Ticks - offset.Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        return new DateTime(ticks, DateTimeKind.Utc);
    }
}
