using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hsi.Api.Features.Analytics;
using Npgsql;

namespace Hsi.Bench;

/// <summary>
/// <c>ops/bench analytics</c>: N detections (and one security event per 10) written straight into the
/// read models in bulk, spread over cameras, days, hours and classes as a household's would be; then,
/// in one run, p50/p99 of each analytics endpoint over HTTP against the same aggregate as one
/// hand-written SQL query through Npgsql, and of the event list against its direct-SQL page.
/// </summary>
public static class AnalyticsBench
{
    /// <summary>The bench's cameras (ids are their folders) and the zones they count days in.</summary>
    public static readonly (string Id, string Zone)[] Cameras =
    [
        ("cam_0", "UTC"), ("cam_1", "Europe/London"), ("cam_2", "America/New_York"), ("cam_3", "America/Los_Angeles"),
        ("cam_4", "Asia/Tokyo"), ("cam_5", "Australia/Sydney"), ("cam_6", "Asia/Kolkata"), ("cam_7", "Europe/Berlin"),
    ];

    public static readonly DateOnly FirstDay = new(2026, 8, 1);
    public const int Days = 90;
    private const int Chunk = 100_000;

    // A row's camera (front cameras busier), class (people and cars most), day and hour (daytime busier) from its own random draws.
    private const string DetectionsSql = """
        insert into hsi.mt_doc_detectionview (id, data, mt_dotnet_type, detected_at, camera_id, object_type, confidence)
        select i, jsonb_build_object(
            'Id', i, 'MediaId', md5((i / 3)::text)::uuid, 'CameraId', cam, 'FilePath', '/cameras/' || cam || '/' || (i / 3) || '.jpg',
            'FileType', 'image/jpeg', 'MediaType', 'Image', 'DetectedAt', t, 'ObjectType', cls, 'Confidence', conf,
            'BboxX', 10, 'BboxY', 20, 'BboxWidth', 120, 'BboxHeight', 240, 'FrameSeconds', null, 'Duration', null,
            'VideoCodec', null, 'VideoWidth', null, 'VideoHeight', null, 'ModelName', 'yolox_nano', 'ModelVersion', 'bench',
            'EnrichmentData', '{}'::jsonb),
          'Hsi.Projections.Detections.DetectionView', t, cam, cls, conf
        from (
          select i, 'cam_' || floor(power(r1, 1.6) * 8)::int as cam,
                 case when r2 < 0.45 then 'person' when r2 < 0.70 then 'car' when r2 < 0.80 then 'dog' when r2 < 0.85 then 'cat'
                      when r2 < 0.90 then 'truck' when r2 < 0.95 then 'bicycle' else 'bird' end as cls,
                 round((0.3 + 0.7 * r3)::numeric, 3)::float8 as conf,
                 @first + floor(r4 * @days) * interval '1 day'
                   + case when r5 < 0.8 then interval '6 hours' + r6 * interval '16 hours' else r6 * interval '24 hours' end as t
          from (select i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
                from generate_series(@from, @to) i) draws) g
        """;

    private const string EventsSql = """
        insert into hsi.mt_doc_securityeventview (id, data, mt_dotnet_type, mt_version, started_at, camera_id, risk_level, reviewed, deleted_at, risk_score)
        select i, jsonb_build_object(
            'Id', i, 'BatchId', 'batch_' || i, 'CameraId', cam, 'IsFastPath', false, 'StartedAt', t, 'EndedAt', t + interval '30 seconds',
            'OpenedAt', t, 'Closed', true, 'CloseReason', 'Idle', 'ClosedAt', t + interval '60 seconds', 'RiskScore', s, 'RiskLevel', l,
            'Summary', 'A person and a car near the drive', 'Reasoning', 'person (40), vehicle (20)', 'RecommendedAction', null,
            'RiskFactors', '[]'::jsonb, 'Analyzer', 'rules', 'AnalysisFallback', false, 'AssessedAt', t + interval '61 seconds',
            'Reviewed', i % 5 = 0, 'Flagged', false, 'Notes', null, 'SnoozeUntil', null, 'DeletedAt', d,
            'DetectionIds', jsonb_build_array(i * 10), 'DetectionCount', 1, 'ObjectTypes', '["person"]'::jsonb, 'StreamVersion', 4, 'UpdatedAt', t,
            'ZoneIds', case when cam = 'cam_0' and i % 2 = 0 then jsonb_build_array(@common_zone)
                            when cam = 'cam_1' and i % 500 = 0 then jsonb_build_array(@rare_zone) else '[]'::jsonb end),
          'Hsi.Projections.SecurityEvents.SecurityEventView', 1, t, cam, l, i % 5 = 0, d, s
        from (
          select i, cam, t, s, case when i % 50 = 0 then t + interval '1 day' end as d,
                 case when s is null then null when s < 30 then 'low' when s < 60 then 'medium' when s < 85 then 'high' else 'critical' end as l
          from (select i, 'cam_' || floor(power(random(), 1.6) * 8)::int as cam,
                       @first + floor(random() * @days) * interval '1 day' + random() * interval '24 hours' as t,
                       case when i % 20 = 0 then null else floor(power(random(), 2) * 101)::int end as s
                from generate_series(@from, @to) i) draws) g
        """;

    /// <summary>
    /// Zones ops/bench-analytics drew on cam_0 and cam_1 through the API (a zone filter refuses unknown zones):
    /// half of cam_0's events stood in the common one, one in 500 of cam_1's in the rare one.
    /// </summary>
    private static string CommonZone => Environment.GetEnvironmentVariable("BENCH_COMMON_ZONE") ?? throw new InvalidOperationException("BENCH_COMMON_ZONE is not set");
    private static string RareZone => Environment.GetEnvironmentVariable("BENCH_RARE_ZONE") ?? throw new InvalidOperationException("BENCH_RARE_ZONE is not set");

    public static async Task<int> SeedAsync(string connection, long count)
    {
        await using var db = NpgsqlDataSource.Create(connection);
        var watch = Stopwatch.StartNew();
        await InChunksAsync(db, DetectionsSql, count, "detections");
        var events = count / 10;
        await InChunksAsync(db, EventsSql, events, "events");
        var inserted = watch.Elapsed.TotalSeconds;
        // Statistics for the planner and the visibility map for index-only scans, as autovacuum would leave them.
        foreach (var table in new[] { "hsi.mt_doc_detectionview", "hsi.mt_doc_securityeventview" })
        {
            await using var vacuum = db.CreateCommand($"vacuum analyze {table}");
            await vacuum.ExecuteNonQueryAsync();
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            detections = count, events, insert_seconds = Math.Round(inserted, 1), total_seconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
        }));
        return 0;
    }

    private static async Task InChunksAsync(NpgsqlDataSource db, string sql, long count, string what)
    {
        var watch = Stopwatch.StartNew();
        for (long from = 1; from <= count; from += Chunk)
        {
            await using var cmd = db.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            cmd.Parameters.AddWithValue("first", FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
            cmd.Parameters.AddWithValue("days", (double)Days);
            cmd.Parameters.AddWithValue("from", from);
            cmd.Parameters.AddWithValue("to", Math.Min(from + Chunk - 1, count));
            if (sql == EventsSql)
            {
                cmd.Parameters.AddWithValue("common_zone", CommonZone);
                cmd.Parameters.AddWithValue("rare_zone", RareZone);
            }
            await cmd.ExecuteNonQueryAsync();
            Console.Error.WriteLine($"[bench] {Math.Min(from + Chunk - 1, count)} / {count} {what} ({watch.Elapsed.TotalSeconds:F0} s)");
        }
    }

    /// <summary>One measured case: the API's request, the direct SQL doing the same aggregate (its last column a count) and the API answer's total of that count.</summary>
    private sealed record Case(string Name, string Url, string Sql, Func<JsonNode, long> ApiTotal);

    public static async Task<int> MeasureAsync(string apiUrl, string directUrl, string connection, int samples)
    {
        var last = FirstDay.AddDays(Days - 1);
        var range = $"start_date={FirstDay:yyyy-MM-dd}&end_date={last:yyyy-MM-dd}";
        // Each camera's segments of one UTC offset over the bench's local days (the API's own AnalyticsWindow.Segments),
        // written into the query as constants; a row's local day is its timestamp plus its segment's offset, binned by day.
        var zones = string.Join(", ", Cameras.SelectMany(c => AnalyticsWindow.Segments(FirstDay, last, TimeZoneInfo.FindSystemTimeZoneById(c.Zone))
            .Select(g => $"('{c.Id}', timestamptz '{g.From:O}', timestamptz '{g.To:O}', interval '{(int)g.Shift.TotalMinutes} minutes')")));
        string Day(string column) => $"date_bin('1 day', {column} + z.shift, timestamptz '2000-01-01Z')";
        const string Det = "hsi.mt_doc_detectionview d join zones z on z.camera_id = d.camera_id and d.detected_at >= z.seg_from and d.detected_at < z.seg_to";
        const string Ev = "hsi.mt_doc_securityeventview e join zones z on z.camera_id = e.camera_id and e.started_at >= z.seg_from and e.started_at < z.seg_to";
        var with = $"with zones(camera_id, seg_from, seg_to, shift) as (values {zones})";
        Case[] cases =
        [
            new("detection-trends", $"/api/analytics/detection-trends?{range}",
                $"{with} select {Day("d.detected_at")}, count(*) from {Det} group by 1",
                b => b["total_detections"]!.GetValue<long>()),
            new("risk-history", $"/api/analytics/risk-history?{range}",
                $"{with} select {Day("e.started_at")}, count(*) filter (where e.risk_level = 'low'), count(*) filter (where e.risk_level = 'medium'), count(*) filter (where e.risk_level = 'high'), count(*) filter (where e.risk_level = 'critical'), count(*) from {Ev} where e.risk_level is not null group by 1",
                b => b["data_points"]!.AsArray().Sum(p => new[] { "low", "medium", "high", "critical" }.Sum(l => p![l]!.GetValue<long>()))),
            new("camera-uptime", $"/api/analytics/camera-uptime?{range}",
                $"{with} select camera_id, count(*), sum(n)::bigint from (select d.camera_id, {Day("d.detected_at")}, count(*) n from {Det} group by 1, 2) g group by 1",
                b => b["cameras"]!.AsArray().Sum(c => c!["detection_count"]!.GetValue<long>())),
            new("object-distribution", $"/api/analytics/object-distribution?{range}",
                $"{with} select d.object_type, count(*) from {Det} where d.object_type <> '' group by 1 order by 2 desc, 1",
                b => b["total_detections"]!.GetValue<long>()),
            new("risk-score-distribution", $"/api/analytics/risk-score-distribution?{range}",
                $"{with} select e.risk_score, count(*) from {Ev} where e.risk_score is not null and e.deleted_at is null group by 1",
                b => b["total_events"]!.GetValue<long>()),
            new("risk-score-trends", $"/api/analytics/risk-score-trends?{range}",
                $"{with} select {Day("e.started_at")}, sum(e.risk_score), count(*) from {Ev} where e.risk_score is not null and e.deleted_at is null group by 1",
                b => b["data_points"]!.AsArray().Sum(p => p!["count"]!.GetValue<long>())),
        ];

        await using var db = NpgsqlDataSource.Create(connection);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var rows = new List<object>();
        foreach (var c in cases)
        {
            var body = JsonNode.Parse(await http.GetStringAsync(apiUrl + c.Url))!;
            var (sqlRows, sqlTotal) = await RunSqlAsync(db, c.Sql);
            var apiTotal = c.ApiTotal(body);
            var api = await TimeAsync(samples, async () => { using var r = await http.GetAsync(apiUrl + c.Url); r.EnsureSuccessStatusCode(); await r.Content.ReadAsByteArrayAsync(); });
            var sql = await TimeAsync(samples, async () => await RunSqlAsync(db, c.Sql));
            rows.Add(Row(c.Name, api, sql, apiTotal, sqlTotal, sqlRows));
        }

        // The event list, plain: the API against the events-direct page.
        var list = await TimeAsync(samples, async () => { using var r = await http.GetAsync(apiUrl + "/api/events?limit=50"); r.EnsureSuccessStatusCode(); await r.Content.ReadAsByteArrayAsync(); });
        var direct = await TimeAsync(samples, async () => { using var r = await http.GetAsync(directUrl + "/bench/events-direct?limit=50"); r.EnsureSuccessStatusCode(); await r.Content.ReadAsByteArrayAsync(); });
        rows.Add(Row("events list (limit=50)", list, direct, null, null, 50));
        // The zone-filtered list: the API against the same page (newest first, soft-deleted left out) in direct SQL.
        foreach (var (name, zone) in new[] { ("common", CommonZone), ("rare", RareZone) })
        {
            var zoned = await TimeAsync(samples, async () => { using var r = await http.GetAsync(apiUrl + $"/api/events?limit=50&zone_id={zone}"); r.EnsureSuccessStatusCode(); await r.Content.ReadAsByteArrayAsync(); });
            var sql = $"select e.data, count(*) over () from hsi.mt_doc_securityeventview e where e.deleted_at is null and e.data -> 'ZoneIds' @> jsonb_build_array('{zone}'::text) order by e.started_at desc, e.id desc limit 50";
            var zonedSql = await TimeAsync(samples, async () => await RunSqlAsync(db, sql));
            rows.Add(Row($"events list, zone_id= ({name} zone)", zoned, zonedSql, null, null, 50));
        }
        Console.WriteLine(JsonSerializer.Serialize(rows));
        return 0;
    }

    private static object Row(string name, double[] api, double[] sql, long? apiTotal, long? sqlTotal, long sqlRows) => new
    {
        endpoint = name, api_p50_ms = Percentile(api, 50), api_p99_ms = Percentile(api, 99),
        sql_p50_ms = Percentile(sql, 50), sql_p99_ms = Percentile(sql, 99),
        ratio_p99 = Math.Round(Percentile(api, 99) / Percentile(sql, 99), 2),
        api_total = apiTotal, sql_total = sqlTotal, sql_rows = sqlRows,
    };

    /// <summary>The query's rows, and the sum of its last count column (the total the API's answer must match).</summary>
    private static async Task<(long Rows, long Total)> RunSqlAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        long rows = 0, total = 0;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
            total += reader.GetFieldType(reader.FieldCount - 1) == typeof(long) ? reader.GetInt64(reader.FieldCount - 1) : 0;
        }
        return (rows, total);
    }

    private static async Task<double[]> TimeAsync(int samples, Func<Task> call)
    {
        for (var i = 0; i < 3; i++) await call(); // warm: plans cached, pages in memory
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    private static double Percentile(double[] values, int p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 1);
    }
}
