using StackExchange.Redis;

namespace Hsi.Api.Http.RateLimiting;

/// <summary>What the window decided for one request.</summary>
public sealed record RateDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan RetryAfter);

/// <summary>
/// A sliding-window log in Redis (SPEC.md §5), keyed <c>{REDIS_PREFIX}:rate_limit:{tier}:{client}</c>:
/// a sorted set of the request times of the last 60 s, trimmed, counted and appended to in one
/// Lua script, so concurrent requests on any number of API nodes count exactly once each. Times
/// come from the Redis server's clock, so nodes with skewed clocks still share one window.
/// </summary>
public sealed class RedisSlidingWindow(IConnectionMultiplexer redis, HsiSettings settings)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // KEYS[1]: the window; ARGV[1]: window ms, ARGV[2]: requests allowed in it, ARGV[3]: a unique member.
    // Returns {allowed 1|0, count after this request, oldest time in the window (ms), now (ms)}.
    private static readonly LuaScript Script = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(@window)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', now - window)
        local count = redis.call('ZCARD', @key)
        local allowed = 0
        if count < tonumber(@limit) then
          redis.call('ZADD', @key, now, @member)
          count = count + 1
          allowed = 1
        end
        redis.call('PEXPIRE', @key, window)
        local oldest = redis.call('ZRANGE', @key, 0, 0, 'WITHSCORES')
        local first = now
        if oldest[2] then first = tonumber(oldest[2]) end
        return {allowed, count, first, now}
        """);

    /// <summary>False while the connection to Redis is down: callers fail open without waiting for a timeout.</summary>
    public bool Available => redis.IsConnected;

    public async Task<RateDecision> TryAcquireAsync(RateLimitTier tier, string client)
    {
        var key = (RedisKey)$"{settings.RedisPrefix}:rate_limit:{tier.Name}:{client}";
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, new
        {
            key,
            window = (long)Window.TotalMilliseconds,
            limit = tier.Allowed,
            member = Guid.NewGuid().ToString("N"),
        }))!;
        var allowed = (long)result[0] == 1;
        var count = (int)(long)result[1];
        var resetAt = DateTimeOffset.FromUnixTimeMilliseconds((long)result[2]) + Window;
        var now = DateTimeOffset.FromUnixTimeMilliseconds((long)result[3]);
        var retryAfter = resetAt > now ? resetAt - now : TimeSpan.Zero;
        return new RateDecision(allowed, tier.Allowed, Math.Max(0, tier.Allowed - count), resetAt, retryAfter);
    }
}
