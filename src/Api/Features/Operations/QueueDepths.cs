using Hsi.Api.Infrastructure;
using Npgsql;

namespace Hsi.Api.Features.Operations;

/// <summary>
/// How much work waits, read from Wolverine's durable storage: inbox envelopes per local queue
/// and status, and dead letters per queue under the API's names (<c>dlq:detection_queue</c> for
/// the analysis queue, <c>dlq:analysis_queue</c> for the risk queue).
/// </summary>
public sealed class QueueDepths(NpgsqlDataSource db)
{
    public sealed record Depth(string Queue, string Status, long Count);

    /// <summary>A queue's name from its address: <c>local://risk/</c> is <c>risk</c>; a cluster's <c>postgresql://analysis_batches/</c> is <c>analysis-batches</c>.</summary>
    public static string QueueOf(string? receivedAt) =>
        receivedAt is null ? "unknown"
        : receivedAt.StartsWith("postgresql://", StringComparison.Ordinal) ? receivedAt["postgresql://".Length..].Trim('/').Replace('_', '-')
        : receivedAt.Replace("local://", "").Trim('/');

    /// <summary>The DLQ name the API uses for a Wolverine queue.</summary>
    public static string DeadLetterQueueOf(string queue) => queue switch
    {
        EventStore.AnalysisQueue => "dlq:detection_queue",
        EventStore.RiskQueue => "dlq:analysis_queue",
        EventStore.NotificationQueue => "dlq:notification_queue",
        EventStore.EnrichmentQueue => "dlq:enrichment_queue",
        EventStore.BatchingQueue => "dlq:batching_queue",
        _ => $"dlq:{queue}",
    };

    /// <summary>Messages in the inbox per queue and status; in a cluster also those still in a PostgreSQL queue, no node having taken them yet (<c>queued</c>).</summary>
    public async Task<IReadOnlyList<Depth>> InboxAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select received_at, status, count(*) from {EventStore.MessagesSchema}.wolverine_incoming_envelopes where status <> 'Handled' group by 1, 2");
        var depths = (await ReadAsync(cmd, r => new Depth(QueueOf(r.IsDBNull(0) ? null : r.GetString(0)), r.GetString(1).ToLowerInvariant(), r.GetInt64(2)), ct)).ToList();
        return [.. depths, .. await WaitingInQueueTablesAsync(ct)];
    }

    private async Task<IReadOnlyList<Depth>> WaitingInQueueTablesAsync(CancellationToken ct)
    {
        await using var tables = db.CreateCommand(
            "select table_name from information_schema.tables where table_schema = $1 and table_name like 'wolverine\\_queue\\_%' and table_name not like '%\\_scheduled'");
        tables.Parameters.AddWithValue(EventStore.QueuesSchema);
        var names = await ReadAsync(tables, r => r.GetString(0), ct);
        if (names.Count == 0) return [];
        // Names from the catalogue, quoted all the same: a table name is not a place for SQL.
        await using var count = db.CreateCommand(string.Join(" union all ", names.Select(n =>
            $"select '{n.Replace("'", "''")}', count(*) from {EventStore.QueuesSchema}.\"{n.Replace("\"", "\"\"")}\"")));
        return await ReadAsync(count, r => new Depth(r.GetString(0)["wolverine_queue_".Length..].Replace('_', '-'), "queued", r.GetInt64(1)), ct);
    }

    public async Task<IReadOnlyList<Depth>> DeadLettersAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select received_at, count(*) from {EventStore.MessagesSchema}.wolverine_dead_letters where archived_at is null group by 1");
        return await ReadAsync(cmd, r => new Depth(DeadLetterQueueOf(QueueOf(r.IsDBNull(0) ? null : r.GetString(0))), "dead", r.GetInt64(1)), ct);
    }

    /// <summary>Events each projection and subscription shard is behind the newest event.</summary>
    public async Task<IReadOnlyList<(string Shard, long Behind)>> ProjectionLagAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select p.name, greatest(0, coalesce((select max(seq_id) from {EventStore.Schema}.mt_events), 0) - p.last_seq_id) " +
            $"from {EventStore.Schema}.mt_event_progression p where p.name not like 'HighWater%'");
        return await ReadAsync(cmd, r => (r.GetString(0), r.GetInt64(1)), ct);
    }

    private static async Task<IReadOnlyList<T>> ReadAsync<T>(NpgsqlCommand cmd, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        var rows = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }
}
