using System.Security.Cryptography;
using System.Text;
using Hsi.Api.Configuration;

namespace Hsi.Api.Http;

/// <summary>Checks presented API keys against the configured ones by SHA-256, in constant time.</summary>
public sealed class ApiKeyValidator(HsiSettings settings)
{
    private readonly byte[][] _hashes = settings.ApiKeys.Select(Hash).ToArray();

    public bool Enabled => settings.ApiKeyEnabled;

    public bool IsValid(string presented)
    {
        var hash = Hash(presented);
        var match = false;
        // Visit every key so the time taken does not tell which one (or whether any) matched.
        foreach (var known in _hashes) match |= CryptographicOperations.FixedTimeEquals(hash, known);
        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>
/// When API keys are enabled, every HTTP endpoint needs one except the probes, metrics and docs
/// (SPEC.md §5). WebSockets are gated by their own endpoints so they can close with 1008.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyValidator validator)
{
    private static readonly HashSet<string> OpenPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        "/health", "/api/system/health", "/api/system/health/ready", "/metrics", "/api/metrics",
        "/docs", "/redoc", "/openapi.json",
    };

    public Task InvokeAsync(HttpContext ctx)
    {
        if (!validator.Enabled || IsOpen(ctx.Request.Path) || ctx.WebSockets.IsWebSocketRequest)
            return next(ctx);

        var key = ctx.Request.Headers["X-API-Key"].FirstOrDefault() ?? ctx.Request.Query["api_key"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
            return ctx.SendDetail(401, "API key required: send it in the X-API-Key header or the api_key query parameter");
        return validator.IsValid(key) ? next(ctx) : ctx.SendDetail(401, "Invalid API key");
    }

    private static bool IsOpen(PathString path)
    {
        var value = path.Value?.TrimEnd('/') ?? "";
        if (value.Length == 0) value = "/";
        return OpenPaths.Contains(value) || value.StartsWith("/docs/", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("/redoc/", StringComparison.OrdinalIgnoreCase);
    }
}
