using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Hsi.Api.Tests.Realtime;

/// <summary>WebSocket behaviour over a real TCP connection to Kestrel.</summary>
[Collection(KestrelCollection.Name)]
public class RealSocketTests(KestrelFixture app)
{
    private async Task<ClientWebSocket> ConnectAsync(string path, params string[] subProtocols)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in subProtocols) socket.Options.AddSubProtocol(protocol);
        await socket.ConnectAsync(new Uri(app.BaseAddress, path), CancellationToken.None);
        return socket;
    }

    /// <summary>The next whole message, or null once the server closed. Never cancelled: that would abort the socket.</summary>
    private static async Task<string?> ReceiveTextAsync(WebSocket socket)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    private static async Task<JsonNode> ReceiveJsonAsync(WebSocket socket, string skipping = "ping")
    {
        while (true)
        {
            var text = await ReceiveTextAsync(socket).WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new WebSocketException("The server closed the socket");
            var json = JsonNode.Parse(text)!;
            if (json.Str("type") != skipping) return json;
        }
    }

    private static Task SendAsync(WebSocket socket, string text, bool endOfMessage = true) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage, CancellationToken.None);

    /// <summary>Reads until the server's close frame, dropping messages before it.</summary>
    private static async Task<(WebSocketCloseStatus? Status, string? Reason)> ReceiveCloseAsync(WebSocket socket)
    {
        while (await ReceiveTextAsync(socket).WaitAsync(TimeSpan.FromSeconds(30)) is not null) { }
        return (socket.CloseStatus, socket.CloseStatusDescription);
    }

    /// <summary>A ping object padded with spaces to exactly <paramref name="bytes"/> bytes.</summary>
    private static string PingOfSize(int bytes) => """{"type":"ping"}""".PadRight(bytes);

    [Fact]
    public async Task A_message_at_the_size_limit_is_answered_and_one_byte_more_closes_with_1009()
    {
        using var socket = await ConnectAsync("/ws/detections");
        await SendAsync(socket, PingOfSize(64 * 1024));
        Assert.Equal("pong", (await ReceiveJsonAsync(socket)).Str("type"));

        await SendAsync(socket, PingOfSize(64 * 1024 + 1));
        var (status, reason) = await ReceiveCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Equal("Message larger than 65536 bytes", reason);
    }

    [Fact]
    public async Task A_huge_message_is_refused_with_1009()
    {
        using var socket = await ConnectAsync("/ws/detections");
        var sending = SendAsync(socket, PingOfSize(8 * 1024 * 1024));
        var (status, _) = await ReceiveCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        // The server may drop the connection before the client has sent it all; that is its right.
        await sending.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task A_message_in_a_few_fragments_is_answered_but_one_in_too_many_closes_with_1009()
    {
        using var socket = await ConnectAsync("/ws/detections");
        await SendAsync(socket, """{"type":""", endOfMessage: false);
        await SendAsync(socket, "\"ping\"", endOfMessage: false);
        await SendAsync(socket, "}");
        Assert.Equal("pong", (await ReceiveJsonAsync(socket)).Str("type"));

        for (var i = 0; i < 40; i++) await SendAsync(socket, " ", endOfMessage: false);
        var (status, reason) = await ReceiveCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Equal("Message in more than 32 fragments", reason);
    }

    [Fact]
    public async Task Over_the_per_client_cap_a_connection_is_closed_with_1013_and_a_freed_slot_is_reusable()
    {
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < KestrelFixture.MaxConnectionsPerClient; i++)
            {
                var socket = await ConnectAsync("/ws/detections");
                open.Add(socket);
                await SendAsync(socket, "ping");
                Assert.Equal("pong", (await ReceiveJsonAsync(socket)).Str("type"));
            }

            using (var refused = await ConnectAsync("/ws/detections"))
            {
                var (status, reason) = await ReceiveCloseAsync(refused);
                Assert.Equal((WebSocketCloseStatus)1013, status);
                Assert.Equal("Too many connections; try again later", reason);
            }

            await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            // The server gives the slot back once its session has ended, a moment after the close handshake.
            var admitted = await Eventually.GetAsync(async () =>
            {
                var socket = await ConnectAsync("/ws/detections");
                await SendAsync(socket, "ping");
                var answer = await ReceiveTextAsync(socket).WaitAsync(TimeSpan.FromSeconds(10));
                if (answer is null) socket.Dispose();
                return answer is null ? null : socket;
            }, socket => socket is not null, TimeSpan.FromSeconds(10), "a connection in the freed slot");
            open.Add(admitted!);
        }
        finally
        {
            foreach (var socket in open) socket.Dispose();
        }
    }

    [Fact]
    public async Task The_api_key_subprotocol_is_never_echoed_and_hsi_v1_is_selected_when_offered()
    {
        using (var socket = await ConnectAsync("/ws/detections", "hsi.v1", "api-key.secret-key"))
        {
            Assert.Equal("hsi.v1", socket.SubProtocol);
            await SendAsync(socket, "ping");
            Assert.Equal("pong", (await ReceiveJsonAsync(socket)).Str("type"));
        }

        using (var socket = await ConnectAsync("/ws/detections", "api-key.secret-key"))
        {
            Assert.Null(socket.SubProtocol);
            await SendAsync(socket, "ping");
            Assert.Equal("pong", (await ReceiveJsonAsync(socket)).Str("type"));
        }
    }

    [Fact]
    public async Task A_client_that_only_listens_stays_connected_past_a_minute_and_hears_server_pings()
    {
        using var socket = await ConnectAsync("/ws/detections");
        var received = new List<string>();
        var listening = Task.Run(async () =>
        {
            while (await ReceiveTextAsync(socket) is { } text)
                lock (received) received.Add(text);
        });

        await Task.Delay(TimeSpan.FromSeconds(62));

        Assert.False(listening.IsCompleted, listening.Exception?.Message ?? "the server closed the socket");
        Assert.Equal(WebSocketState.Open, socket.State);
        lock (received) Assert.Contains("""{"type":"ping"}""", received);

        await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await Eventually.GetAsync(() =>
        {
            lock (received) return Task.FromResult(received.Contains("""{"type":"pong"}"""));
        }, seen => seen, TimeSpan.FromSeconds(10), "a pong after a minute of listening");
        // Only our half of the close: this test is about staying connected, not the close handshake.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }
}
