using System.Text.Json;
using StackExchange.Redis;

namespace Hsi.Api.Realtime;

/// <summary>
/// Spreads realtime messages to every API node through Redis pub/sub; each node delivers to its
/// own sockets. While Redis is down, messages still reach this node's clients. Channels are
/// <c>{REDIS_PREFIX}:ws:{topic}</c>: Redis pub/sub ignores the database number, so without the
/// prefix every deployment on one Redis would push its messages to the others' clients.
/// </summary>
public sealed class RealtimeFanout(IConnectionMultiplexer redis, RealtimeHub hub, HsiSettings settings, ILogger<RealtimeFanout> logger) : IHostedService
{
    private readonly string _prefix = $"{settings.RedisPrefix}:ws:";

    private sealed record Wire(string Type, JsonElement Data, long? Sequence);

    /// <summary>
    /// Publishes a message to every node's clients of <paramref name="topic"/>. <paramref name="sequence"/>
    /// is the event store sequence it derives from (so a resync can replay it); null for live-only messages.
    /// </summary>
    public async Task PublishAsync(string topic, string type, object data, long? sequence = null)
    {
        var element = JsonSerializer.SerializeToElement(data, JsonDefaults.Options);
        try
        {
            var payload = JsonSerializer.Serialize(new Wire(type, element, sequence), JsonDefaults.Options);
            var receivers = await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_prefix + topic), payload);
            if (receivers > 0) return;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for realtime fan-out; delivering on this node only: {Error}", ex.Message);
        }
        hub.Deliver(topic, type, element, sequence);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The prefix holds no pattern characters (HsiSettings), so this matches this deployment's channels only.
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(_prefix + "*"), (channel, value) =>
            {
                try
                {
                    var wire = JsonSerializer.Deserialize<Wire>(value.ToString(), JsonDefaults.Options);
                    if (wire is not null) hub.Deliver(channel.ToString()[_prefix.Length..], wire.Type, wire.Data, wire.Sequence);
                }
                catch (JsonException ex)
                {
                    logger.LogWarning("Ignored a malformed realtime message on {Channel}: {Error}", channel, ex.Message);
                }
            });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Realtime fan-out not subscribed (Redis down); this node delivers its own messages: {Error}", ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
