using System.Net.WebSockets;
using Hsi.Api.Configuration;
using Hsi.Api.Http;

namespace Hsi.Api.Realtime;

/// <summary>The WebSocket endpoints of SPEC.md §4: the gate before a <see cref="WebSocketSession"/> starts.</summary>
public static class RealtimeEndpoints
{
    private const string KeyProtocolPrefix = "api-key.";

    public static void MapRealtimeTopic(this WebApplication app, string path, string topic) =>
        app.Map(path, async (HttpContext ctx, RealtimeHub hub, ApiKeyValidator keys, HsiSettings settings, TimeProvider clock, ILoggerFactory logs) =>
        {
            if (!ctx.WebSockets.IsWebSocketRequest)
            {
                await ctx.SendDetail(400, "WebSocket connection expected");
                return;
            }
            var keyProtocol = ctx.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p.StartsWith(KeyProtocolPrefix, StringComparison.Ordinal));
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync(keyProtocol);
            if (keys.Enabled)
            {
                var key = ctx.Request.Query["api_key"].FirstOrDefault() ?? keyProtocol?[KeyProtocolPrefix.Length..];
                if (string.IsNullOrEmpty(key) || !keys.IsValid(key))
                {
                    await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation,
                        string.IsNullOrEmpty(key) ? "API key required" : "Invalid API key", CancellationToken.None);
                    return;
                }
            }
            var client = hub.Join(topic);
            try
            {
                var session = new WebSocketSession(socket, client, settings, clock, logs.CreateLogger<WebSocketSession>());
                await session.RunAsync(ctx.RequestAborted);
            }
            finally
            {
                hub.Leave(topic, client);
            }
        }).ExcludeFromDescription();
}
