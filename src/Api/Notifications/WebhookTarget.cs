using System.Net;
using System.Net.Sockets;

namespace Hsi.Api.Notifications;

/// <summary>
/// Where a webhook may go: an http(s) URL whose host is not this machine, the local network or a
/// cloud metadata service (unless WEBHOOK_ALLOW_PRIVATE=true), so a rule or a test notification
/// cannot make the server reach what only it can reach. One check for rules (on write), for
/// <c>/api/notification/test</c> and for delivery; a delivery checks the address it connects to
/// again with <see cref="IsPrivate"/>, since a name may resolve differently later.
/// </summary>
public static class WebhookTarget
{
    public const int MaxUrlLength = 2048;

    /// <summary>A name that does not answer in this time is let through here; the delivery's own connect decides then.</summary>
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Why <paramref name="url"/> may not be a webhook target, or null when it may.</summary>
    public static string? Validate(string url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url)) return "webhook_url must not be empty";
        if (url.Length > MaxUrlLength) return $"webhook_url must be at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return "webhook_url must be an absolute http or https URL";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return $"webhook_url must use http or https, not {uri.Scheme}";
        if (string.IsNullOrEmpty(uri.Host)) return "webhook_url must name a host";
        if (allowPrivate) return null;

        var host = uri.DnsSafeHost;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Refusal(host);
        if (IPAddress.TryParse(host, out var literal)) return IsPrivate(literal) ? Refusal(host) : null;
        return Resolve(host).FirstOrDefault(IsPrivate) is { } inside ? Refusal($"{host} ({inside})") : null;
    }

    /// <summary>
    /// Loopback, private (RFC 1918, unique-local), carrier-grade NAT, link-local (where 169.254.169.254,
    /// the cloud metadata service, lives), unspecified, multicast and reserved addresses; an IPv4 address
    /// mapped into IPv6 counts as itself.
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,
                169 => b[1] == 254,
                172 => b[1] is >= 16 and <= 31,
                192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,
                _ => false,
            };
        }
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return true;
        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC // fc00::/7 unique local (fd00:ec2::254 is a metadata address)
            || (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B) // 64:ff9b::/96 reaches IPv4 through NAT64
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8); // 2001:db8::/32 documentation
    }

    private static string Refusal(string host) =>
        $"webhook_url must not point at a loopback, private, link-local or metadata address ({host}); set WEBHOOK_ALLOW_PRIVATE=true to allow it";

    private static IPAddress[] Resolve(string host)
    {
        try
        {
            var lookup = Dns.GetHostAddressesAsync(host);
            return lookup.Wait(ResolveTimeout) ? lookup.Result : [];
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException)
        {
            return [];
        }
    }
}
