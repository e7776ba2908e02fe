using System.Diagnostics;
using System.Text.Json;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Hsi.Bench;

/// <summary>
/// ops/bench rebuild: security event streams written straight into <c>mt_events</c>/<c>mt_streams</c> in the shape
/// Marten writes (its own serializer, type names and .NET type names), and the baseline the rebuild is compared
/// with: one sequential read of the same rows through Npgsql.
/// </summary>
public static class RebuildBench
{
    private const string Schema = "hsi";

    /// <summary>The events of one security event, as the pipeline records them: opened, two files attached, closed, assessed, reviewed.</summary>
    private const int EventsPerStream = 6;

    public static async Task<int> SeedAsync(string connectionString, long count)
    {
        var serializer = new Marten.Services.SystemTextJsonSerializer { EnumStorage = Weasel.Core.EnumStorage.AsString };
        await using var database = NpgsqlDataSource.Create(connectionString);
        var watch = Stopwatch.StartNew();
        var streams = (count + EventsPerStream - 1) / EventsPerStream;
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await using (var connection = await database.OpenConnectionAsync())
        {
            await using (var streamRows = await connection.BeginBinaryImportAsync(
                $"copy {Schema}.mt_streams (id, type, version, timestamp, created, tenant_id) from stdin (format binary)"))
            {
                for (long i = 1; i <= streams; i++)
                {
                    var at = start.AddSeconds(i * 37);
                    await streamRows.StartRowAsync();
                    await streamRows.WriteAsync(StreamKeys.SecurityEvent(i), NpgsqlDbType.Varchar);
                    await streamRows.WriteNullAsync();
                    await streamRows.WriteAsync(Math.Min(EventsPerStream, count - (i - 1) * EventsPerStream), NpgsqlDbType.Bigint);
                    await streamRows.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await streamRows.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await streamRows.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar);
                }
                await streamRows.CompleteAsync();
            }

            await using (var eventRows = await connection.BeginBinaryImportAsync(
                $"copy {Schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) from stdin (format binary)"))
            {
                long seq = 0;
                for (long i = 1; i <= streams && seq < count; i++)
                {
                    var version = 0;
                    foreach (var e in EventsOf(i, start.AddSeconds(i * 37)))
                    {
                        if (seq == count) break;
                        var type = e.GetType();
                        await eventRows.StartRowAsync();
                        await eventRows.WriteAsync(++seq, NpgsqlDbType.Bigint);
                        await eventRows.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                        await eventRows.WriteAsync(StreamKeys.SecurityEvent(i), NpgsqlDbType.Varchar);
                        await eventRows.WriteAsync((long)++version, NpgsqlDbType.Bigint);
                        await eventRows.WriteAsync(serializer.ToJson(e), NpgsqlDbType.Jsonb);
                        await eventRows.WriteAsync(JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name), NpgsqlDbType.Varchar);
                        await eventRows.WriteAsync(start.AddSeconds(i * 37 + version), NpgsqlDbType.TimestampTz);
                        await eventRows.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar);
                        await eventRows.WriteAsync($"{type.FullName}, {type.Assembly.GetName().Name}", NpgsqlDbType.Varchar);
                        await eventRows.WriteAsync(false, NpgsqlDbType.Boolean);
                    }
                }
                await eventRows.CompleteAsync();
            }

            await using var tidy = new NpgsqlCommand(
                $"""
                select setval('{Schema}.mt_events_sequence', {count});
                select setval('{Schema}.event_id_seq', {streams});
                -- The live-message and latency subscriptions start at the end: pushing or timing a million old events is not what is measured.
                insert into {Schema}.mt_event_progression (name, last_seq_id) values ('live_messages:All', {count}), ('pipeline_latency:All', {count})
                  on conflict (name) do update set last_seq_id = excluded.last_seq_id;
                analyze {Schema}.mt_events;
                analyze {Schema}.mt_streams;
                """, connection);
            await tidy.ExecuteNonQueryAsync();
        }
        Console.WriteLine(JsonSerializer.Serialize(new { seeded_events = count, streams, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) }));
        return 0;
    }

    private static IEnumerable<object> EventsOf(long id, DateTimeOffset at)
    {
        var camera = $"cam_{id % 4}";
        var media = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        var detections = new[]
        {
            new BatchedDetection(id * 4, media[0], "person", 0.91, 120, 80, 64, 160, at),
            new BatchedDetection(id * 4 + 1, media[0], "car", 0.77, 300, 200, 180, 90, at),
            new BatchedDetection(id * 4 + 2, media[1], "person", 0.88, 130, 82, 60, 158, at.AddSeconds(5)),
            new BatchedDetection(id * 4 + 3, media[1], "dog", 0.64, 40, 300, 70, 50, at.AddSeconds(5)),
        };
        var score = (int)(id * 37 % 100);
        var thresholds = Thresholds.Defaults;
        yield return new BatchOpened(id, $"batch_{id}", camera, false, at);
        yield return new DetectionsAttached(id, media[0], detections[..2], at.AddSeconds(1));
        yield return new DetectionsAttached(id, media[1], detections[2..], at.AddSeconds(6));
        yield return new BatchClosed(id, CloseReason.Idle, at.AddSeconds(36));
        yield return new RiskAssessed(id, new RiskDecision(
            score, RiskLevels.Of(score, thresholds), "A person and a car near the drive", "person (40), vehicle (20)",
            [new RiskFactor("person", 40, "a person was seen"), new RiskFactor("vehicle", 20, "a vehicle was seen")],
            null, new AnalyzerIdentity("rules", "rules", "1"), new CalibrationInForce(1, thresholds),
            new RiskInputs(id, camera, $"Camera {id % 4}", "UTC", at, at.AddSeconds(6), detections, 2),
            """{"score":""" + score + "}", "batch_closed"), at.AddSeconds(37));
        yield return new EventReviewed(id, id % 3 == 0, at.AddSeconds(120));
    }

    /// <summary>The baseline: every event row, in store order, with the columns a rebuild reads, through one Npgsql reader.</summary>
    public static async Task<int> ReadAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var connection = await database.OpenConnectionAsync();
        var watch = Stopwatch.StartNew();
        await using var read = new NpgsqlCommand(
            $"select seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type from {Schema}.mt_events order by seq_id", connection);
        await using var reader = await read.ExecuteReaderAsync();
        long rows = 0, bytes = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            bytes += reader.GetString(4).Length + reader.GetString(2).Length + reader.GetString(5).Length;
        }
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new { raw_read_events = rows, seconds = Math.Round(seconds, 3), raw_read_events_per_s = Math.Round(rows / seconds), characters = bytes }));
        return 0;
    }
}
