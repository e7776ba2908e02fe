namespace Hsi.Api.Http.RateLimiting;

/// <summary>Which tier a request counts against (SPEC.md §5); probes, metrics and docs count against none.</summary>
public static class RateLimitTiers
{
    private static readonly string[] ExemptPaths = ["/health", "/api/system/health", "/api/system/health/ready", "/metrics", "/api/metrics", "/openapi.json", "/redoc"];

    public static string? TierOf(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value?.TrimEnd('/') ?? "";
        if (path.Length == 0) path = "/";
        if (ExemptPaths.Contains(path, StringComparer.OrdinalIgnoreCase) || path.StartsWith("/docs", StringComparison.OrdinalIgnoreCase)) return null;
        if (ctx.WebSockets.IsWebSocketRequest || path.StartsWith("/ws/", StringComparison.OrdinalIgnoreCase)) return RateLimitTier.WebSocket;
        if (path.Equals("/api/events/search", StringComparison.OrdinalIgnoreCase)) return RateLimitTier.Search;
        if (path.EndsWith("/export", StringComparison.OrdinalIgnoreCase)) return RateLimitTier.Export;
        // Browsers report their own errors here, unauthenticated: a window of its own, so a noisy page cannot use up the API's.
        if (path.Equals("/api/logs/frontend", StringComparison.OrdinalIgnoreCase)) return RateLimitTier.FrontendLogs;
        if (IsMedia(path)) return RateLimitTier.Media;
        return RateLimitTier.Default;
    }

    /// <summary>Pictures and clips served (thumbnails, originals, videos, snapshots) and media cameras push.</summary>
    private static bool IsMedia(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", "detections", _, "image" or "video"] => true,
            ["api", "cameras", _, "snapshot" or "media"] => true,
            ["api", "media", ..] => true,
            _ => false,
        };
    }
}
