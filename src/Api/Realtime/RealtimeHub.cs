using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Hsi.Api.Http;

namespace Hsi.Api.Realtime;

/// <summary>The SPEC.md §4 envelope: <c>{type, data, sequence, timestamp}</c>.</summary>
public sealed record RealtimeMessage(string Type, object? Data, long Sequence, DateTimeOffset Timestamp);

/// <summary>One connected WebSocket client: a bounded outbox drained by its own send loop.</summary>
public sealed class RealtimeClient
{
    public Channel<string> Outbox { get; } = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
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

    public void Leave(string topic, RealtimeClient client)
    {
        if (_topics.TryGetValue(topic, out var clients)) clients.TryRemove(client, out _);
        client.Outbox.Writer.TryComplete();
    }

    /// <summary>Wraps a message's data in the envelope with the topic's next sequence and hands it to every client.</summary>
    public void Deliver(string topic, string type, JsonElement data)
    {
        var sequence = _sequences.AddOrUpdate(topic, 1, (_, s) => s + 1);
        var text = JsonSerializer.Serialize(new RealtimeMessage(type, data, sequence, clock.GetUtcNow()), JsonDefaults.Options);
        if (!_topics.TryGetValue(topic, out var clients)) return;
        foreach (var client in clients.Keys) client.Outbox.Writer.TryWrite(text);
    }

    public static string Serialize(object message) => JsonSerializer.Serialize(message, JsonDefaults.Options);
}
