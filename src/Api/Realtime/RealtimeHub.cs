using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;

namespace Hsi.Api.Realtime;

/// <summary>The SPEC.md §4 envelope: <c>{type, data, sequence, timestamp}</c>.</summary>
public sealed record RealtimeMessage(string Type, object? Data, long Sequence, DateTimeOffset Timestamp);

/// <summary>
/// One connected WebSocket client: a bounded outbox drained by its own send loop. A live topic drops the
/// oldest messages for a client that cannot keep up; a job log (<paramref name="lossless"/>) makes its feeder wait instead.
/// </summary>
public sealed class RealtimeClient(bool lossless = false)
{
    public Channel<string> Outbox { get; } = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1000) { FullMode = lossless ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>What the 1000 close says once the outbox is completed and sent (a finished job's log says how it ended).</summary>
    public string CloseReason { get; set; } = "";
}

/// <summary>This node's WebSocket clients per topic (detections, events, system), and delivery to them.</summary>
public sealed class RealtimeHub(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<RealtimeClient, byte>> _topics = new();
    private readonly ConcurrentDictionary<string, long> _sequences = new();

    public RealtimeClient Join(string topic)
    {
        var client = new RealtimeClient();
        _topics.GetOrAdd(topic, _ => new()).TryAdd(client, 0);
        return client;
    }

    public bool HasClients(string topic) => _topics.TryGetValue(topic, out var clients) && !clients.IsEmpty;

    public void Leave(string topic, RealtimeClient client)
    {
        if (_topics.TryGetValue(topic, out var clients)) clients.TryRemove(client, out _);
        client.Outbox.Writer.TryComplete();
    }

    /// <summary>
    /// Wraps a message's data in the envelope and hands it to every client of the topic. A message
    /// derived from a stored event carries that event's store sequence, so a client's resync with
    /// its last sequence replays what it missed from the store, whichever node or process it talks
    /// to; a live-only message carries the last store sequence the topic has seen.
    /// </summary>
    public void Deliver(string topic, string type, JsonElement data, long? storeSequence)
    {
        var sequence = _sequences.GetValueOrDefault(topic);
        if (storeSequence is { } stored)
        {
            _sequences.AddOrUpdate(topic, stored, (_, seen) => Math.Max(seen, stored));
            sequence = stored;
        }
        var text = JsonSerializer.Serialize(new RealtimeMessage(type, data, sequence, clock.GetUtcNow()), JsonDefaults.Options);
        if (!_topics.TryGetValue(topic, out var clients)) return;
        foreach (var client in clients.Keys) client.Outbox.Writer.TryWrite(text);
    }

    /// <summary>The envelope of a replayed message, for the one client that asked.</summary>
    public string Envelope(string type, object data, long sequence) =>
        JsonSerializer.Serialize(new RealtimeMessage(type, data, sequence, clock.GetUtcNow()), JsonDefaults.Options);

    public static string Serialize(object message) => JsonSerializer.Serialize(message, JsonDefaults.Options);
}
