using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Hsi.Bench;

/// <summary>
/// ops/scale-test's /ws/events client on one API node: records the id of every security event it is
/// told of (an <c>event</c> message, live or replayed) and the last store sequence seen. When its node
/// goes away it reconnects and resyncs from that sequence, again while a resync still brings something
/// (one resync reads at most 1,000 stored events), so what it missed while the node was down is
/// replayed. Runs until SIGTERM; keeps what it saw in a JSON file, rewritten every second.
/// </summary>
public static class ScaleWatch
{
    private static readonly TimeSpan ResyncSpacing = TimeSpan.FromSeconds(2.1); // the server's token bucket refills one every 2 s
    private const int MaxResyncRounds = 20;

    private sealed class Seen
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<long, string> EventIds = []; // id → how it first came: live | resync
        public long LastSequence;
        public int Connects;
        public int Resyncs;
        public int LiveMessages;
        public int ReplayedMessages;
        public int Errors;
        public bool Replaying;
        public TaskCompletionSource? Pong;
    }

    public static async Task<int> RunAsync(string url, string outFile)
    {
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var seen = new Seen();
        var writer = WriteLoopAsync(seen, outFile, stop.Token);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(new Uri(url), seen, stop.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException or OperationCanceledException or TimeoutException)
            {
                // The node is down or restarting: try again shortly.
            }
            if (!stop.IsCancellationRequested) await Task.Delay(500, CancellationToken.None);
        }
        await writer;
        Write(seen, outFile);
        return 0;
    }

    private static async Task SessionAsync(Uri url, Seen seen, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(url, connectTimeout.Token);
        long from;
        bool reconnected;
        lock (seen.Gate)
        {
            reconnected = ++seen.Connects > 1;
            from = seen.LastSequence;
        }
        var receiving = ReceiveLoopAsync(socket, seen, ct);
        if (reconnected) await CatchUpAsync(socket, seen, from, ct);
        await receiving;
    }

    /// <summary>Resyncs from <paramref name="from"/> until a round brings nothing newer.</summary>
    private static async Task CatchUpAsync(ClientWebSocket socket, Seen seen, long from, CancellationToken ct)
    {
        for (var round = 0; round < MaxResyncRounds && socket.State == WebSocketState.Open; round++)
        {
            var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (seen.Gate)
            {
                seen.Resyncs++;
                seen.Replaying = true;
                seen.Pong = pong;
            }
            // A reply to a frame sent after a resync comes after its messages: the pong ends the replay.
            await SendAsync(socket, $"{{\"type\":\"resync\",\"last_sequence\":{from}}}", ct);
            await SendAsync(socket, "{\"type\":\"ping\"}", ct);
            await pong.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            long reached;
            lock (seen.Gate)
            {
                seen.Replaying = false;
                reached = seen.LastSequence;
            }
            if (reached <= from) return;
            from = reached;
            await Task.Delay(ResyncSpacing, ct);
        }
    }

    private static async Task ReceiveLoopAsync(ClientWebSocket socket, Seen seen, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                if (Handle(text, seen) is { } reply) await SendAsync(socket, reply, ct);
            }
        }
        finally
        {
            // A catch-up waiting for its pong on a dead socket gives up with it.
            lock (seen.Gate) seen.Pong?.TrySetCanceled();
        }
    }

    /// <summary>Records one server message; gives the answer it needs, if any.</summary>
    private static string? Handle(string text, Seen seen)
    {
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        lock (seen.Gate)
        {
            switch (type)
            {
                case "ping":
                    return "{\"type\":\"pong\"}"; // the server closes a socket it has not heard from in 300 s
                case "pong":
                    seen.Pong?.TrySetResult();
                    return null;
                case "error":
                    seen.Errors++;
                    return null;
            }
            if (seen.Replaying) seen.ReplayedMessages++; else seen.LiveMessages++;
            if (root.TryGetProperty("sequence", out var s) && s.TryGetInt64(out var sequence))
                seen.LastSequence = Math.Max(seen.LastSequence, sequence);
            if (type == "event" && root.GetProperty("data").GetProperty("id").TryGetInt64(out var id))
                seen.EventIds.TryAdd(id, seen.Replaying ? "resync" : "live");
        }
        return null;
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

    private static async Task WriteLoopAsync(Seen seen, string outFile, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Write(seen, outFile);
            try { await Task.Delay(1000, ct); } catch (OperationCanceledException) { }
        }
    }

    private static void Write(Seen seen, string outFile)
    {
        string json;
        lock (seen.Gate)
        {
            json = JsonSerializer.Serialize(new
            {
                event_ids = seen.EventIds.Keys.Order().ToArray(),
                by_resync = seen.EventIds.Count(e => e.Value == "resync"),
                last_sequence = seen.LastSequence,
                connects = seen.Connects,
                resyncs = seen.Resyncs,
                live_messages = seen.LiveMessages,
                replayed_messages = seen.ReplayedMessages,
                errors = seen.Errors,
            });
        }
        var temp = outFile + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, outFile, overwrite: true);
    }
}
