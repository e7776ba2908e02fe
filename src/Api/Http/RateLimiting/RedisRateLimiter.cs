using System.Net;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Hsi.Api.Http.RateLimiting;

/// <summary>
/// The global limiter of ASP.NET Core's rate-limiting middleware: each request counts against its
/// tier for its client in the <see cref="RedisSlidingWindow"/>. While Redis is down it fails open
/// (every request is let through, logged once per outage); health then reports Redis, and so the
/// API, as degraded.
/// </summary>
public sealed class RedisRateLimiter(RedisSlidingWindow window, HsiSettings settings, ILogger<RedisRateLimiter> logger)
    : PartitionedRateLimiter<HttpContext>
{
    private readonly IReadOnlyDictionary<string, RateLimitTier> _tiers = settings.RateLimitTiers.ToDictionary(t => t.Name);
    private readonly IReadOnlyList<IPNetwork> _trusted = settings.TrustedProxyIps;
    private int _failingOpen;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    /// <summary>
    /// The middleware tries this synchronous path first; it cannot ask Redis without blocking, so
    /// only exempt requests pass here and the rest go on to <see cref="AcquireAsyncCore"/>.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        RateLimitTiers.TierOf(resource) is null ? WindowLease.Exempt : WindowLease.Pending;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (RateLimitTiers.TierOf(resource) is not { } tierName) return WindowLease.Exempt;
        var tier = _tiers[tierName];
        if (!window.Available) return FailOpen("not connected");
        RateDecision decision;
        try
        {
            decision = await window.TryAcquireAsync(tier, ClientAddress.Of(resource, _trusted));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return FailOpen(ex.Message);
        }
        if (Interlocked.Exchange(ref _failingOpen, 0) == 1) logger.LogInformation("Redis is back; rate limits apply again");
        var headers = resource.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString();
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString();
        headers["X-RateLimit-Reset"] = decision.ResetAt.ToUnixTimeSeconds().ToString();
        return new WindowLease(decision.Allowed, decision);
    }

    private WindowLease FailOpen(string reason)
    {
        if (Interlocked.Exchange(ref _failingOpen, 1) == 0)
            logger.LogWarning("Redis unavailable ({Reason}); rate limits are not applied until it is back", reason);
        return WindowLease.Exempt;
    }

    /// <summary>A lease that carries the window's decision, read back when a request is refused.</summary>
    public sealed class WindowLease(bool acquired, RateDecision? decision) : RateLimitLease
    {
        public static readonly WindowLease Exempt = new(true, null);
        public static readonly WindowLease Pending = new(false, null);

        public RateDecision? Decision => decision;

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => decision is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = decision is not null && metadataName == MetadataName.RetryAfter.Name ? decision.RetryAfter : null;
            return metadata is not null;
        }
    }
}
