using System.Net.WebSockets;

namespace Hsi.Api.Realtime;

/// <summary>The WebSocket endpoints of SPEC.md §4: the gate before a <see cref="WebSocketSession"/> starts.</summary>
public static class RealtimeEndpoints
{
    private const string KeyProtocolPrefix = "api-key.";

    /// <summary>Stored events a resync reads at most; a client further behind reloads through the REST API.</summary>
    private const int ResyncLimit = 1000;

    /// <summary>The one subprotocol the server speaks; offering it lets a browser pass the key as a subprotocol too.</summary>
    public const string Protocol = "hsi.v1";

    /// <summary>1013 Try Again Later (RFC 6455 registry); <see cref="WebSocketCloseStatus"/> has no name for it.</summary>
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    public static void MapRealtimeTopic(this WebApplication app, string path, string topic) =>
        app.Map(path, async (HttpContext ctx, RealtimeHub hub, WebSocketConnections connections, ApiKeyValidator keys, HsiSettings settings,
            TimeProvider clock, ILoggerFactory logs, Marten.IDocumentStore store) =>
        {
            using var gated = await AcceptAsync(ctx, connections, keys);
            if (gated is null) return;
            var socket = gated.Socket;
            var client = hub.Join(topic);
            try
            {
                var session = new WebSocketSession(socket, client, settings, clock, logs.CreateLogger<WebSocketSession>(), async (after, ct) =>
                {
                    await using var query = store.QuerySession();
                    var missed = await LiveMessages.ReplayAsync(topic, after, ResyncLimit, query, ct);
                    return missed.Select(m => hub.Envelope(m.Type, m.Data, m.Sequence)).ToList();
                });
                await session.RunAsync(ctx.RequestAborted);
            }
            finally
            {
                hub.Leave(topic, client);
            }
        })
        // The endpoint checks the key itself, so that a refusal is a 1008 close a browser can read,
        // not a failed handshake; no authentication scheme or middleware may answer for it.
        .AllowAnonymous()
        .ExcludeFromDescription();

    /// <summary>An accepted socket that passed the gate, with the connection slot it holds until disposed.</summary>
    public sealed class GatedSocket(WebSocket socket, IDisposable slot) : IDisposable
    {
        public WebSocket Socket => socket;

        public void Dispose()
        {
            socket.Dispose();
            slot.Dispose();
        }
    }

    /// <summary>
    /// The gate of every WebSocket endpoint (SPEC.md §4): a WebSocket request, a free connection slot,
    /// then the API key when enabled. A refusal is answered (400, or a 1013/1008 close) and gives null.
    /// </summary>
    public static async Task<GatedSocket?> AcceptAsync(HttpContext ctx, WebSocketConnections connections, ApiKeyValidator keys)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            await ctx.SendDetail(400, "WebSocket connection expected");
            return null;
        }
        var offered = ctx.WebSockets.WebSocketRequestedProtocols;
        var keyProtocol = offered.FirstOrDefault(p => p.StartsWith(KeyProtocolPrefix, StringComparison.Ordinal));
        // The key is never selected: the response header would send it back and into logs and
        // proxies. A browser fails a handshake that selects none of its offers, hence hsi.v1.
        var selected = offered.Contains(Protocol) ? Protocol : null;
        // Taken before the handshake, so the caps also count sockets still waiting for their key check.
        var slot = connections.TryOpen(ClientAddress(ctx));
        WebSocket socket;
        try
        {
            socket = await ctx.WebSockets.AcceptWebSocketAsync(selected);
        }
        catch
        {
            slot?.Dispose();
            throw;
        }
        if (slot is null)
        {
            // Accept, then close 1013 rather than answer 429: a browser never shows a script the
            // status of a failed handshake, only a close code, and 1013 says "retry later".
            await RefuseAsync(socket, TryAgainLater, "Too many connections; try again later");
            socket.Dispose();
            return null;
        }
        if (keys.Enabled)
        {
            var key = ctx.Request.Query["api_key"].FirstOrDefault() ?? keyProtocol?[KeyProtocolPrefix.Length..];
            if (string.IsNullOrEmpty(key) || !keys.IsValid(key))
            {
                await RefuseAsync(socket, WebSocketCloseStatus.PolicyViolation, string.IsNullOrEmpty(key) ? "API key required" : "Invalid API key");
                socket.Dispose();
                slot.Dispose();
                return null;
            }
        }
        return new GatedSocket(socket, slot);
    }

    private static string ClientAddress(HttpContext ctx) =>
        ctx.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "unknown";

    /// <summary>Closes a socket that never starts a session, giving the client a few seconds to answer.</summary>
    public static async Task RefuseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseAsync(status, reason, grace.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away or never answered; the socket is dropped either way.
        }
    }
}
