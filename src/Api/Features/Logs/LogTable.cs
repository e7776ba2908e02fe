using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Hsi.Api.Features.Logs;

/// <summary>What <c>GET /api/logs</c> narrows the table to; null matches every row.</summary>
public sealed record LogFilter(
    string? Level = null, string? Component = null, string? CameraId = null, string? Source = null,
    string? Search = null, DateTimeOffset? Start = null, DateTimeOffset? End = null);

/// <summary>Counts of the lines logged since a moment, by level and component.</summary>
public sealed record LogCounts(IReadOnlyDictionary<string, int> ByLevel, IReadOnlyDictionary<string, int> ByComponent);

/// <summary>
/// The application's log lines in a plain table of their own (<c>hsi_logs.app_logs</c>), beside the
/// event store and not in it: logs are operational output, not facts of the domain, and are trimmed
/// to a size and an age. Created at start-up if missing; every node may write and trim.
/// </summary>
public sealed class LogTable(NpgsqlDataSource dataSource)
{
    public const string Schema = "hsi_logs";
    public const string Name = Schema + ".app_logs";
    private const string Columns = "timestamp, level, component, message, camera_id, event_id, request_id, detection_id, duration_ms, extra, source, user_agent, url";

    private volatile bool _created;

    /// <summary>Idempotent; an advisory lock keeps two nodes starting at once from racing on the same CREATE.</summary>
    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        if (_created) return;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('{Name}'));
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Name} (
                id bigserial PRIMARY KEY,
                timestamp timestamptz NOT NULL,
                level text NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
                component varchar({LogRow.ComponentMax}) NOT NULL,
                message varchar({LogRow.MessageMax}) NOT NULL,
                camera_id varchar({LogRow.CameraIdMax}),
                event_id bigint,
                request_id varchar({LogRow.RequestIdMax}),
                detection_id bigint,
                duration_ms integer,
                extra jsonb,
                source text NOT NULL CHECK (source IN ('backend', 'frontend')),
                user_agent varchar({LogRow.UserAgentMax}),
                url varchar({LogRow.UrlMax}));
            CREATE INDEX IF NOT EXISTS app_logs_timestamp ON {Name} (timestamp);
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        _created = true;
    }

    /// <summary>Stores the rows in one binary COPY.</summary>
    public async Task InsertAsync(IReadOnlyCollection<LogRow> rows, CancellationToken ct)
    {
        await EnsureCreatedAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {Name} ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(row.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(row.Level, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(LogRow.Cut(row.Component, LogRow.ComponentMax), NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(LogRow.Cut(row.Message, LogRow.MessageMax), NpgsqlDbType.Varchar, ct);
            await WriteOrNullAsync(copy, LogRow.CutOrNull(row.CameraId, LogRow.CameraIdMax), NpgsqlDbType.Varchar, ct);
            await WriteOrNullAsync(copy, row.EventId, NpgsqlDbType.Bigint, ct);
            await WriteOrNullAsync(copy, LogRow.CutOrNull(row.RequestId, LogRow.RequestIdMax), NpgsqlDbType.Varchar, ct);
            await WriteOrNullAsync(copy, row.DetectionId, NpgsqlDbType.Bigint, ct);
            await WriteOrNullAsync(copy, row.DurationMs, NpgsqlDbType.Integer, ct);
            await WriteOrNullAsync(copy, row.Extra, NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(row.Source, NpgsqlDbType.Text, ct);
            await WriteOrNullAsync(copy, LogRow.CutOrNull(row.UserAgent, LogRow.UserAgentMax), NpgsqlDbType.Varchar, ct);
            await WriteOrNullAsync(copy, LogRow.CutOrNull(row.Url, LogRow.UrlMax), NpgsqlDbType.Varchar, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    /// <summary>Deletes what is past the newest <paramref name="maxRows"/> or older than <paramref name="cutoff"/>; the rows deleted.</summary>
    public async Task<int> TrimAsync(int maxRows, DateTimeOffset cutoff, CancellationToken ct)
    {
        await EnsureCreatedAsync(ct);
        await using var command = dataSource.CreateCommand($"""
            DELETE FROM {Name}
            WHERE timestamp < $1
               OR id <= (SELECT id FROM {Name} ORDER BY id DESC OFFSET $2 LIMIT 1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = maxRows });
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One page of the filtered rows, newest first, and how many match in all.</summary>
    public async Task<(IReadOnlyList<LogEntry> Page, int Total)> ListAsync(LogFilter filter, int limit, int offset, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand();
        var where = WhereClause(filter, command);
        command.CommandText = $"""
            SELECT count(*) OVER (), {Select} FROM {Name}{where}
            ORDER BY timestamp DESC, id DESC LIMIT {limit} OFFSET {offset}
            """;
        var page = new List<LogEntry>(Math.Min(limit, 1000));
        var total = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                total = (int)reader.GetInt64(0);
                page.Add(Read(reader, 1));
            }
        // A page past the end has no row to carry the count.
        if (page.Count == 0 && offset > 0)
        {
            await using var count = dataSource.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {Name}{WhereClause(filter, count)}";
            total = (int)(long)(await count.ExecuteScalarAsync(ct))!;
        }
        return (page, total);
    }

    public async Task<LogEntry?> FindAsync(long id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Select} FROM {Name} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader, 0) : null;
    }

    public async Task<LogCounts> CountSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT level, component, count(*) FROM {Name} WHERE timestamp >= $1 GROUP BY level, component");
        command.Parameters.Add(new NpgsqlParameter { Value = since.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var byLevel = new Dictionary<string, int>();
        var byComponent = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var count = (int)reader.GetInt64(2);
            byLevel[reader.GetString(0)] = byLevel.GetValueOrDefault(reader.GetString(0)) + count;
            byComponent[reader.GetString(1)] = byComponent.GetValueOrDefault(reader.GetString(1)) + count;
        }
        return new LogCounts(byLevel, byComponent);
    }

    private const string Select = "id, " + Columns;

    private static LogEntry Read(NpgsqlDataReader r, int first)
    {
        string? Text(int i) => r.IsDBNull(first + i) ? null : r.GetString(first + i);
        long? Long(int i) => r.IsDBNull(first + i) ? null : r.GetInt64(first + i);
        return new LogEntry(
            r.GetInt64(first), r.GetFieldValue<DateTimeOffset>(first + 1), r.GetString(first + 2), r.GetString(first + 3), r.GetString(first + 4),
            Text(5), Long(6), Text(7), Long(8), r.IsDBNull(first + 9) ? null : r.GetInt32(first + 9),
            Text(10) is { } extra ? JsonSerializer.Deserialize<Dictionary<string, object?>>(extra) : null, r.GetString(first + 11), Text(12), Text(13));
    }

    /// <summary>The WHERE of <paramref name="filter"/>, its values bound as parameters of <paramref name="command"/>.</summary>
    private static string WhereClause(LogFilter filter, NpgsqlCommand command)
    {
        var conditions = new List<string>();
        void Add(string condition, object value, NpgsqlDbType? type = null)
        {
            var parameter = new NpgsqlParameter { Value = value };
            if (type is { } t) parameter.NpgsqlDbType = t;
            command.Parameters.Add(parameter);
            conditions.Add(condition.Replace("?", "$" + command.Parameters.Count));
        }
        if (filter.Level is { } level) Add("level = ?", level);
        if (filter.Component is { } component) Add("component = ?", component);
        if (filter.CameraId is { } cameraId) Add("camera_id = ?", cameraId);
        if (filter.Source is { } source) Add("source = ?", source);
        // The search is a substring, never a pattern: a % or _ the client sends matches itself.
        if (!string.IsNullOrEmpty(filter.Search)) Add(@"message ILIKE '%' || ? || '%' ESCAPE '\'", EscapeLike(filter.Search));
        if (filter.Start is { } start) Add("timestamp >= ?", start.UtcDateTime, NpgsqlDbType.TimestampTz);
        if (filter.End is { } end) Add("timestamp <= ?", end.UtcDateTime, NpgsqlDbType.TimestampTz);
        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
    }

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
