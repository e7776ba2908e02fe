using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.SecurityEvents;

public class LiveEventsTests(AppFixture app) : ApiTest(app)
{
    private Task<WebSocket> ConnectAsync() =>
        Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/events"), CancellationToken.None);

    /// <summary>The next message that is not a ping.</summary>
    private static async Task<JsonNode> NextAsync(WebSocket socket)
    {
        while (true)
        {
            var message = await DetectionPipelineTests.ReceiveJsonAsync(socket);
            if (message.Str("type") != "ping") return message;
        }
    }

    private Task SetStatusAsync(string status) =>
        Host.Scenario(s => { s.Patch.Json(new { status }).ToUrl("/api/cameras/porch"); s.StatusCodeShouldBeOk(); });

    [Fact]
    public async Task A_closed_batch_is_pushed_with_its_close_reason_and_the_store_sequence()
    {
        using var socket = await ConnectAsync();
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));

        JsonNode batch;
        do batch = await NextAsync(socket); while (batch.Str("type") != "detection.batch");
        Assert.Equal("idle", batch["data"]!.Str("close_reason"));
        Assert.Equal(3, batch["data"]!["detection_count"]!.GetValue<int>());
        Assert.Equal("front_door", batch["data"]!.Str("camera_id"));
        Assert.True(batch["sequence"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task A_client_that_misses_five_messages_gets_exactly_those_five_on_resync()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        long last;
        using (var socket = await ConnectAsync())
        {
            await SetStatusAsync("offline");
            var seen = await NextAsync(socket);
            Assert.Equal("camera_status", seen.Str("type"));
            last = seen["sequence"]!.GetValue<long>();
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }

        var missed = new[] { "online", "error", "offline", "unknown", "online" };
        foreach (var status in missed) await SetStatusAsync(status);

        using var again = await ConnectAsync();
        await again.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"resync","last_sequence":{{last}}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        // The ping is answered after the replay: what comes before the pong is all there is.
        await again.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var received = new List<JsonNode>();
        for (var next = await NextAsync(again); next.Str("type") != "pong"; next = await NextAsync(again)) received.Add(next);

        Assert.All(received, m => Assert.Equal("camera_status", m.Str("type")));
        Assert.All(received, m => Assert.True(m["sequence"]!.GetValue<long>() > last));
        // An event committed while the socket was opening may come live as well as in the replay: the same
        // message with the same sequence. By sequence, exactly the five missed, in the order they happened.
        var distinct = received.GroupBy(m => m["sequence"]!.GetValue<long>()).OrderBy(g => g.Key).ToList();
        Assert.All(distinct, g => Assert.Single(g.Select(m => m["data"]!.Str("status")).Distinct()));
        Assert.Equal(missed, distinct.Select(g => g.First()["data"]!.Str("status")));
    }

    [Fact]
    public async Task A_resync_with_a_bad_sequence_gets_an_error_and_the_socket_stays_open()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync("""{"type":"resync","last_sequence":"abc"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("error", (await NextAsync(socket)).Str("type"));
        await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("pong", (await NextAsync(socket)).Str("type"));
    }
}
