using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Hsi.Api.Realtime;

/// <summary>
/// One client connection of SPEC.md §4: server pings every WS_PING_INTERVAL_SECONDS (30),
/// ping → pong, an error reply to any message it cannot use, and a 1000 "Idle timeout" after
/// 300 s without a client message. Three loops share the socket: only the receive loop
/// receives, and every send (messages, pings, closes) is serialised by one lock.
/// A <c>{"type":"resync","last_sequence":N}</c> is answered with the topic's stored messages after N (the replay function):
/// one at a time, and no more often than <see cref="ResyncThrottle"/> allows; any other is refused with resync_throttled.
/// </summary>
public sealed class WebSocketSession(
    WebSocket socket, RealtimeClient client, HsiSettings settings, TimeProvider clock, ILogger logger,
    Func<long, CancellationToken, Task<IReadOnlyList<string>>>? replay = null)
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(300);

    /// <summary>How long a client may take to answer the server's close frame before the socket is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private const int ReceiveBufferBytes = 4096;
    private const string Ping = """{"type":"ping"}""";
    private const string Pong = """{"type":"pong"}""";

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ResyncThrottle _resyncs = new(clock);

    /// <summary>The resync being answered (its messages read and queued); completed when there is none.</summary>
    private Task _resync = Task.CompletedTask;

    /// <summary>The last reply queued or waiting to be: each reply waits for the one before, so replies keep the order of the frames.</summary>
    private Task _answering = Task.CompletedTask;
    private CancellationTokenSource _stop = null!;
    private long _lastHeardTicks = clock.GetUtcNow().UtcTicks;

    private TimeSpan PingEvery => TimeSpan.FromSeconds(settings.WsPingIntervalSeconds);

    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _stop = stop;
        var sender = SendLoopAsync(_stop.Token);
        var heartbeat = HeartbeatAsync(_stop.Token);
        try
        {
            await ReceiveLoopAsync(_stop.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug("WebSocket closed: {Error}", ex.Message);
        }
        finally
        {
            await _stop.CancelAsync();
            await Settle(sender);
            await Settle(heartbeat);
            await Settle(_answering);
        }

        async Task Settle(Task loop)
        {
            try { await loop; }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
        }
    }

    /// <summary>
    /// Receives until the client's close frame. It is never cancelled by a timer: cancelling a
    /// receive aborts the socket, which is what closed every listen-only client after 30 s.
    /// A message over WS_MAX_MESSAGE_BYTES or WS_MAX_FRAGMENTS is refused with 1009 before more
    /// than the limit is held; the rest of it is read and dropped.
    /// </summary>
    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[ReceiveBufferBytes];
        using var message = new MemoryStream();
        var fragments = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "");
                return;
            }
            // After the server's own close, whatever still arrives is read and dropped until the client's close.
            if (socket.State != WebSocketState.Open) continue;
            if (message.Length + result.Count > settings.WsMaxMessageBytes)
            {
                message.SetLength(0);
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Message larger than {settings.WsMaxMessageBytes} bytes");
                continue;
            }
            // A read that fills the buffer is part of a longer frame; a shorter one ended a frame
            // (or is a slow piece of one), so it counts: empty frames cannot spin this loop for ever.
            if (!result.EndOfMessage && result.Count < buffer.Length && ++fragments >= settings.WsMaxFragments)
            {
                message.SetLength(0);
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Message in more than {settings.WsMaxFragments} fragments");
                continue;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;

            Volatile.Write(ref _lastHeardTicks, clock.GetUtcNow().UtcTicks);
            var text = result.MessageType == WebSocketMessageType.Binary ? null : Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            var reply = text is null ? BinaryRefused : Reply(text);
            message.SetLength(0);
            fragments = 0;
            if (reply is not null) Answer(reply);
            else if (replay is not null && text is not null && ResyncAfter(text) is { } after) Resync(replay, after, ct);
        }
    }

    /// <summary>
    /// Queues a reply after those of earlier frames. While a resync is being answered the receive loop
    /// goes on reading (so that a further resync can be refused), and its replies wait for the replay.
    /// </summary>
    private void Answer(string reply)
    {
        if (_answering.IsCompleted) client.Outbox.Writer.TryWrite(reply);
        else _answering = _answering.ContinueWith(_ => client.Outbox.Writer.TryWrite(reply), TaskScheduler.Default);
    }

    private void Resync(Func<long, CancellationToken, Task<IReadOnlyList<string>>> read, long after, CancellationToken ct)
    {
        if (!_resync.IsCompleted) Answer(ResyncInFlight);
        else if (!_resyncs.TryTake()) Answer(ResyncTooOften);
        else _resync = _answering = ReplayAsync(_answering, read, after, ct);
    }

    private async Task ReplayAsync(Task before, Func<long, CancellationToken, Task<IReadOnlyList<string>>> read, long after, CancellationToken ct)
    {
        await before;
        try
        {
            foreach (var missed in await read(after, ct)) client.Outbox.Writer.TryWrite(missed);
        }
        catch (OperationCanceledException)
        {
            // The socket is closing; nobody is left to answer.
        }
        catch (Exception ex)
        {
            // It runs beside the receive loop now, so a failure must be reported here or not at all.
            logger.LogWarning(ex, "Resync after {Sequence} failed", after);
            client.Outbox.Writer.TryWrite(Error("resync_failed", "The missed messages could not be read; try again later"));
        }
    }

    /// <summary>Pings on schedule and closes an idle client; it only writes to the outbox or closes.</summary>
    private async Task HeartbeatAsync(CancellationToken ct)
    {
        var nextPing = clock.GetUtcNow() + PingEvery;
        while (socket.State == WebSocketState.Open)
        {
            var now = clock.GetUtcNow();
            var idleAt = new DateTimeOffset(Volatile.Read(ref _lastHeardTicks), TimeSpan.Zero) + IdleTimeout;
            if (now >= idleAt)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "Idle timeout");
                return;
            }
            if (now >= nextPing)
            {
                client.Outbox.Writer.TryWrite(Ping);
                nextPing = now + PingEvery;
            }
            await Task.Delay((nextPing < idleAt ? nextPing : idleAt) - now, clock, ct);
        }
    }

    /// <summary>Sends the outbox in order; when whoever feeds it completes it (a finished job's log), closes with 1000.</summary>
    private async Task SendLoopAsync(CancellationToken ct)
    {
        await foreach (var text in client.Outbox.Reader.ReadAllAsync(ct))
        {
            await _sending.WaitAsync(ct);
            try
            {
                if (socket.State != WebSocketState.Open) return;
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);
            }
            finally
            {
                _sending.Release();
            }
        }
        await CloseAsync(WebSocketCloseStatus.NormalClosure, client.CloseReason);
    }

    /// <summary>
    /// Sends the close frame (once) and gives the client <see cref="CloseGrace"/> to answer; after
    /// that the receive is cancelled, which drops the socket.
    /// </summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        // A send stuck on a client that reads nothing must not hold the close back for ever.
        if (!await _sending.WaitAsync(CloseGrace))
        {
            socket.Abort();
            return;
        }
        try
        {
            using var grace = new CancellationTokenSource(CloseGrace);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(status, description, grace.Token);
        }
        finally
        {
            _sending.Release();
        }
        _stop.CancelAfter(CloseGrace);
    }

    /// <summary>
    /// What the server answers to a client text message, if anything. A message it cannot use gets
    /// an error that says what is wrong in fixed words (never the parser's positions) and the socket
    /// stays open; an object with a string type it does not know (e.g. a <c>pong</c>) is ignored.
    /// </summary>
    internal static string? Reply(string text)
    {
        if (text.Trim() == "ping") return Pong;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return Error("invalid_json", "Message is not valid JSON");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Error("invalid_message", "Message must be a JSON object with a string \"type\"");
            if (!root.TryGetProperty("type", out var type)) return Error("invalid_message", "Message has no \"type\"");
            if (type.ValueKind != JsonValueKind.String) return Error("invalid_message", "\"type\" must be a string");
            if (type.ValueEquals("resync") && ResyncAfter(root) is null)
                return Error("invalid_message", "\"last_sequence\" must be a whole number of 0 or more");
            return type.ValueEquals("ping") ? Pong : null;
        }
    }

    /// <summary>The sequence after which a <c>{"type":"resync","last_sequence":N}</c> asks for what it missed; null for anything else.</summary>
    internal static long? ResyncAfter(string text)
    {
        if (!text.Contains("resync", StringComparison.Ordinal)) return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var type) && type.ValueEquals("resync")
                ? ResyncAfter(doc.RootElement)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? ResyncAfter(JsonElement message) =>
        message.TryGetProperty("last_sequence", out var last) && last.ValueKind == JsonValueKind.Number && last.TryGetInt64(out var n) && n >= 0 ? n : null;

    internal static readonly string ResyncInFlight =
        Error("resync_throttled", "A resync is already being answered; wait for its messages before asking again");

    internal static readonly string ResyncTooOften = Error("resync_throttled",
        $"Too many resyncs: at most {ResyncThrottle.Burst} in a row, then one every {ResyncThrottle.RefillEvery.TotalSeconds:0} s");

    internal static readonly string BinaryRefused = Error("invalid_message", "Binary messages are not supported: send JSON text");

    private static string Error(string error, string message) => RealtimeHub.Serialize(new { type = "error", error, message });
}
