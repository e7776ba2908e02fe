using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Hsi.Domain.Alerts;

namespace Hsi.Api.Notifications;

/// <summary>
/// The <c>webhook</c> channel: POSTs <see cref="AlertNotification"/> as JSON to the rule's
/// <c>webhook_url</c>, else WEBHOOK_URL, signed with WEBHOOK_SECRET (<c>X-HSI-Signature:
/// sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>). The whole exchange, redirects included, has
/// WEBHOOK_TIMEOUT_SECONDS. A redirect is followed only to the same host (at most
/// <see cref="MaxRedirects"/>); every connection checks the addresses the host resolves to at that
/// moment, so a name that re-resolves to a private address (DNS rebinding) is refused.
/// </summary>
public sealed class WebhookChannel : INotificationChannel, IDisposable
{
    public const string ChannelName = "webhook";
    public const int MaxRedirects = 3;

    /// <summary>Of a receiver's answer only the start is read, for the error message.</summary>
    public const int MaxResponseBytes = 4096;

    public const string SignatureHeader = "X-HSI-Signature";

    /// <summary>The alert's id: the same on every retry, so a receiver can drop a repeat.</summary>
    public const string DeliveryHeader = "X-HSI-Delivery";

    private readonly HsiSettings _settings;
    private readonly HttpClient _http;

    public WebhookChannel(HsiSettings settings)
    {
        _settings = settings;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Through a proxy the address check would be of the proxy, not of the receiver.
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("HSI-Notifications/1.0");
    }

    public string Name => ChannelName;

    public bool IsConfigured => _settings.WebhookUrl is not null;

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed with <paramref name="secret"/> (UTF-8).</summary>
    public static string Signature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task<ChannelOutcome> SendAsync(AlertRaised alert, ChannelOverrides? overrides, CancellationToken ct)
    {
        var url = overrides?.WebhookUrl ?? alert.WebhookUrl ?? _settings.WebhookUrl;
        if (url is null) return ChannelOutcome.Failure("No webhook URL: the rule names none and WEBHOOK_URL is not set");
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var target)) return ChannelOutcome.Failure("The webhook URL is not an absolute URL");
        var body = AlertNotification.Of(alert).ToUtf8Json();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(_settings.WebhookTimeoutSeconds));
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                if (WebhookTarget.Validate(target.AbsoluteUri, _settings.WebhookAllowPrivate) is { } problem)
                    return ChannelOutcome.Failure(problem);
                using var request = RequestTo(target, body, alert);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(target, location);
                    if (!SameHost(target, next))
                        return ChannelOutcome.Failure($"The receiver redirected to another host ({next.Host}); not followed", status);
                    if (redirects == MaxRedirects) return ChannelOutcome.Failure($"More than {MaxRedirects} redirects", status);
                    target = next;
                    continue;
                }
                if (response.IsSuccessStatusCode) return ChannelOutcome.Success(status);
                var said = await ReadStartAsync(response, deadline.Token);
                return ChannelOutcome.Failure($"The receiver answered {status} {response.ReasonPhrase}{(said.Length > 0 ? $": {said}" : "")}", status);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ChannelOutcome.Failure($"No answer from {target.Host} within {_settings.WebhookTimeoutSeconds} s (WEBHOOK_TIMEOUT_SECONDS)");
        }
        catch (HttpRequestException ex)
        {
            return ChannelOutcome.Failure($"Could not reach {target.Authority}: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    /// <summary>The same host; https may not become http.</summary>
    private static bool SameHost(Uri from, Uri to) =>
        string.Equals(from.IdnHost, to.IdnHost, StringComparison.OrdinalIgnoreCase)
        && to.Scheme is "http" or "https" && !(from.Scheme == "https" && to.Scheme == "http");

    private HttpRequestMessage RequestTo(Uri target, byte[] body, AlertRaised alert)
    {
        // Every redirect is posted the same signed body: a webhook has nothing to GET.
        var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add(DeliveryHeader, alert.AlertId.ToString());
        if (_settings.WebhookSecret is { } secret) request.Headers.Add(SignatureHeader, Signature(secret, body));
        return request;
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return new string([.. text.Where(c => !char.IsControl(c)).Take(300)]).Trim();
    }

    /// <summary>Connects only to addresses a webhook may reach, as the host resolves now.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!_settings.WebhookAllowPrivate && addresses.FirstOrDefault(WebhookTarget.IsPrivate) is { } refused)
            throw new HttpRequestException($"{host} resolves to {refused}, a loopback, private or metadata address (WEBHOOK_ALLOW_PRIVATE=false)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}
