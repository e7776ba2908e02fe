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

    public static string QueueOf(string? receivedAt) =>
        receivedAt is null ? "unknown" : receivedAt.Replace("local://", "").Trim('/');

    /// <summary>The DLQ name the API uses for a Wolverine queue.</summary>
    public static string DeadLetterQueueOf(string queue) => queue switch
    {
        EventStore.AnalysisQueue => "dlq:detection_queue",
        EventStore.RiskQueue => "dlq:analysis_queue",
        EventStore.NotificationQueue => "dlq:notification_queue",
        EventStore.EnrichmentQueue => "dlq:enrichment_queue",
        _ => $"dlq:{queue}",
    };

    public async Task<IReadOnlyList<Depth>> InboxAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select received_at, status, count(*) from {EventStore.MessagesSchema}.wolverine_incoming_envelopes where status <> 'Handled' group by 1, 2");
        return await ReadAsync(cmd, r => new Depth(QueueOf(r.IsDBNull(0) ? null : r.GetString(0)), r.GetString(1).ToLowerInvariant(), r.GetInt64(2)), ct);
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
