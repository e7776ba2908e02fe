using System.Net.WebSockets;
using System.Text;

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
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await listening;
    }
}
