using System.Net;

namespace Hsi.Api.Http.RateLimiting;

/// <summary>
/// The client a request is limited as: the peer's address, or, when the peer is a proxy in
/// TRUSTED_PROXY_IPS, the nearest address in <c>X-Forwarded-For</c> that is not a trusted proxy.
/// A client cannot pick its own limit key by sending the header straight to the API.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext ctx, IReadOnlyList<IPNetwork> trustedProxies)
    {
        if (ctx.Connection.RemoteIpAddress is not { } peer) return "unknown";
        peer = Normalize(peer);
        if (!IsTrusted(peer, trustedProxies)) return peer.ToString();
        var hops = ctx.Request.Headers["X-Forwarded-For"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        // Each proxy appends the address it received from, so the client is the right-most hop no trusted proxy owns.
        for (var i = hops.Count - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop)) return peer.ToString();
            hop = Normalize(hop);
            if (!IsTrusted(hop, trustedProxies)) return hop.ToString();
        }
        return peer.ToString();
    }

    private static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    private static bool IsTrusted(IPAddress ip, IReadOnlyList<IPNetwork> trusted) => trusted.Any(n => n.Contains(ip));
}
