using System.Collections.Concurrent;
using Hsi.Api.Configuration;
using StackExchange.Redis;

namespace Hsi.Api.Ingest;

/// <summary>
/// Remembers each camera's file hashes for DEDUP_WINDOW_SECONDS (300) in Redis, so the same
/// content dropped twice is analysed once; falls back to process memory while Redis is down.
/// </summary>
public sealed class MediaDeduplicator(IConnectionMultiplexer redis, HsiSettings settings, TimeProvider clock, ILogger<MediaDeduplicator> logger)
{
    private readonly ConcurrentDictionary<string, (Guid MediaId, DateTimeOffset Expires)> _local = new();

    /// <summary>Claims the hash for <paramref name="mediaId"/>; when another file already has it, returns that one's id.</summary>
    public async Task<Guid?> ClaimAsync(string cameraId, string sha256, Guid mediaId)
    {
        var key = $"dedup:{cameraId}:{sha256}";
        var window = TimeSpan.FromSeconds(settings.DedupWindowSeconds);
        try
        {
            var db = redis.GetDatabase();
            if (await db.StringSetAsync(key, mediaId.ToString(), window, When.NotExists)) return null;
            var existing = await db.StringGetAsync(key);
            return Guid.TryParse(existing.ToString(), out var id) ? id : Guid.Empty;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for de-duplication, using process memory: {Error}", ex.Message);
            return ClaimLocally(key, mediaId, window);
        }
    }

    private Guid? ClaimLocally(string key, Guid mediaId, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _local.Where(e => e.Value.Expires < now).Select(e => e.Key).ToList()) _local.TryRemove(stale, out _);
        var entry = _local.GetOrAdd(key, _ => (mediaId, now + window));
        return entry.MediaId == mediaId ? null : entry.MediaId;
    }
}
