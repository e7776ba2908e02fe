using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Hsi.Api.Ingest;

/// <summary>Which media first claimed a camera's content hash, and which process (<see cref="MediaDeduplicator.Instance"/>) did.</summary>
public sealed record DedupClaim(Guid MediaId, Guid Owner);

/// <summary>
/// Remembers each camera's file hashes for DEDUP_WINDOW_SECONDS (300) in Redis, keyed
/// <c>{REDIS_PREFIX}:dedup:{camera}:{sha256}</c>, so the same content dropped twice is analysed
/// once; falls back to process memory while Redis is down.
/// </summary>
public sealed class MediaDeduplicator(IConnectionMultiplexer redis, HsiSettings settings, TimeProvider clock, ILogger<MediaDeduplicator> logger)
{
    private readonly ConcurrentDictionary<string, (DedupClaim Claim, DateTimeOffset Expires)> _local = new();

    /// <summary>This process: a claim of another one may have been left behind by a crash.</summary>
    public static readonly Guid Instance = Guid.NewGuid();

    private TimeSpan Window => TimeSpan.FromSeconds(settings.DedupWindowSeconds);

    /// <summary>Claims the hash for <paramref name="mediaId"/>; when another file already holds it, returns that claim.</summary>
    public async Task<DedupClaim?> ClaimAsync(string cameraId, string sha256, Guid mediaId)
    {
        var key = Key(cameraId, sha256);
        var mine = new DedupClaim(mediaId, Instance);
        try
        {
            var db = redis.GetDatabase();
            if (await db.StringSetAsync(key, Encode(mine), Window, When.NotExists)) return null;
            return Decode(await db.StringGetAsync(key)) ?? new DedupClaim(Guid.Empty, Guid.Empty);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis unavailable for de-duplication, using process memory: {Error}", ex.Message);
            var now = clock.GetUtcNow();
            foreach (var stale in _local.Where(e => e.Value.Expires < now).Select(e => e.Key).ToList()) _local.TryRemove(stale, out _);
            var held = _local.GetOrAdd(key, _ => (mine, now + Window)).Claim;
            return held.MediaId == mediaId ? null : held;
        }
    }

    /// <summary>Replaces a claim whose media was never recorded.</summary>
    public async Task TakeOverAsync(string cameraId, string sha256, Guid mediaId)
    {
        var key = Key(cameraId, sha256);
        var mine = new DedupClaim(mediaId, Instance);
        try
        {
            await redis.GetDatabase().StringSetAsync(key, Encode(mine), Window);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _local[key] = (mine, clock.GetUtcNow() + Window);
        }
    }

    private string Key(string cameraId, string sha256) => $"{settings.RedisPrefix}:dedup:{cameraId}:{sha256}";

    private static string Encode(DedupClaim c) => $"{c.MediaId}|{c.Owner}";

    private static DedupClaim? Decode(RedisValue value)
    {
        var parts = value.ToString().Split('|');
        return parts.Length == 2 && Guid.TryParse(parts[0], out var id) && Guid.TryParse(parts[1], out var owner)
            ? new DedupClaim(id, owner)
            : null;
    }
}
