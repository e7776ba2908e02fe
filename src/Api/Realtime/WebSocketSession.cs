using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Hsi.Api.Http;

namespace Hsi.Api.Realtime;

/// <summary>
/// The shared WebSocket behaviour of SPEC.md §4: the API-key gate (1008), server pings every
/// 30 s, ping → pong, an error reply to bad JSON, and a 1000 "Idle timeout" after 300 s of silence.
/// </summary>
public static class WebSocketSession
{
    public static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(300);
    private const string KeyProtocolPrefix = "api-key.";

    public static void MapRealtimeTopic(this WebApplication app, string path, string topic) =>
        app.Map(path, async (HttpContext ctx, RealtimeHub hub, ApiKeyValidator keys, ILoggerFactory logs) =>
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
                await RunAsync(socket, client, logs.CreateLogger("Hsi.Api.Realtime"), ctx.RequestAborted);
            }
            finally
            {
                hub.Leave(topic, client);
            }
        }).ExcludeFromDescription();

    private static async Task RunAsync(WebSocket socket, RealtimeClient client, ILogger logger, CancellationToken aborted)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var sender = SendLoopAsync(socket, client, cts.Token);
        var buffer = new byte[8192];
        var lastHeard = DateTimeOffset.UtcNow;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var remaining = IdleTimeout - (DateTimeOffset.UtcNow - lastHeard);
                if (remaining <= TimeSpan.Zero)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Idle timeout", CancellationToken.None);
                    break;
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
                wait.CancelAfter(remaining < PingEvery ? remaining : PingEvery);
                string text;
                try
                {
                    text = await ReceiveTextAsync(socket, buffer, wait.Token);
                }
                catch (OperationCanceledException) when (!cts.IsCancellationRequested)
                {
                    client.Outbox.Writer.TryWrite("""{"type":"ping"}""");
                    continue;
                }
                if (socket.State != WebSocketState.Open) break;
                lastHeard = DateTimeOffset.UtcNow;
                var reply = Reply(text);
                if (reply is not null) client.Outbox.Writer.TryWrite(reply);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug("WebSocket closed: {Error}", ex.Message);
        }
        finally
        {
            await cts.CancelAsync();
            try { await sender; } catch (OperationCanceledException) { }
        }
    }

    /// <summary>What the server answers to a client message, if anything.</summary>
    internal static string? Reply(string text)
    {
        var trimmed = text.Trim();
        if (trimmed == "ping") return """{"type":"pong"}""";
        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("type", out var type) && type.GetString() == "ping"
                ? """{"type":"pong"}"""
                : null;
        }
        catch (JsonException ex)
        {
            return RealtimeHub.Serialize(new { type = "error", error = "invalid_json", message = ex.Message });
        }
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket, byte[] buffer, CancellationToken ct)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return "";
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    private static async Task SendLoopAsync(WebSocket socket, RealtimeClient client, CancellationToken ct)
    {
        await foreach (var text in client.Outbox.Reader.ReadAllAsync(ct))
        {
            if (socket.State != WebSocketState.Open) return;
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);
        }
    }
}
