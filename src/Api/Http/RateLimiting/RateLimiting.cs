using System.Net.WebSockets;
using Microsoft.AspNetCore.RateLimiting;

namespace Hsi.Api.Http.RateLimiting;

/// <summary>
/// SPEC.md §5 rate limits on ASP.NET Core's rate-limiting middleware with the Redis sliding window.
/// Not RedisRateLimiting's sliding window: it has no burst on top of the limit, throws (500) when
/// Redis is down where the SPEC wants requests let through, and keys its own names rather than
/// <c>rate_limit:{tier}:{client}</c>.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddRedisRateLimiting(this IServiceCollection services, HsiSettings settings)
    {
        services.AddSingleton<RedisSlidingWindow>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddRateLimiter(o => { });
        services.AddOptions<RateLimiterOptions>().Configure<RedisRateLimiter>((o, limiter) =>
        {
            o.GlobalLimiter = limiter;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, ct) => RefuseAsync(ctx.HttpContext, ctx.Lease as RedisRateLimiter.WindowLease, ct);
        });
        return services;
    }

    /// <summary>After UseWebSockets: a WebSocket connect is counted (and refused) before the endpoint accepts it.</summary>
    public static void UseRedisRateLimiting(this WebApplication app, HsiSettings settings)
    {
        if (settings.RateLimitEnabled) app.UseRateLimiter();
    }

    /// <summary>
    /// 429 with <c>Retry-After</c> and the <c>X-RateLimit-*</c> headers; a WebSocket connect is
    /// accepted and closed with 1008 instead, as every WebSocket refusal is (a browser never sees a handshake's status).
    /// </summary>
    private static async ValueTask RefuseAsync(HttpContext ctx, RedisRateLimiter.WindowLease? lease, CancellationToken ct)
    {
        var retryAfter = lease?.Decision?.RetryAfter ?? TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        ctx.Response.Headers.RetryAfter = seconds.ToString();
        ctx.Response.Headers["X-RateLimit-Remaining"] = "0";
        if (ctx.WebSockets.IsWebSocketRequest)
        {
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(ct);
            grace.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Rate limit exceeded", grace.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The client went away first; nothing more to tell it.
            }
            return;
        }
        await ctx.SendDetail(StatusCodes.Status429TooManyRequests, $"Rate limit exceeded; retry in {seconds} s");
    }
}
