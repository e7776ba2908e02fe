using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Realtime;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Realtime;

/// <summary>A client that floods resyncs gets a bounded replay and resync_throttled for the rest.</summary>
public class ResyncLimitsTests(AppFixture app) : ApiTest(app)
{
    private Task<WebSocket> ConnectAsync() =>
        Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/events"), CancellationToken.None);

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Everything but pings up to the pong that answers a ping sent now: what the frames before it brought.</summary>
    private static async Task<List<JsonNode>> UntilPongAsync(WebSocket socket)
    {
        await SendAsync(socket, "ping");
        var received = new List<JsonNode>();
        while (true)
        {
            var message = await DetectionPipelineTests.ReceiveJsonAsync(socket);
            if (message.Str("type") == "pong") return received;
            if (message.Str("type") != "ping") received.Add(message);
        }
    }

    [Fact]
    public async Task A_flood_of_resyncs_replays_at_most_the_burst_and_the_rest_is_refused_as_throttled()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        var statuses = new[] { "offline", "online", "error" };
        using (var listener = await ConnectAsync())
        {
            foreach (var status in statuses)
                await Host.Scenario(s => { s.Patch.Json(new { status }).ToUrl("/api/cameras/porch"); s.StatusCodeShouldBeOk(); });
            // Once pushed live, they cannot reach the sockets below live as well as replayed.
            var pushed = 0;
            while (pushed < statuses.Length)
                if ((await DetectionPipelineTests.ReceiveJsonAsync(listener)).Str("type") == "camera_status") pushed++;
        }
        int available;
        using (var probe = await ConnectAsync())
        {
            await SendAsync(probe, """{"type":"resync","last_sequence":0}""");
            available = (await UntilPongAsync(probe)).Count;
        }
        Assert.True(available >= statuses.Length, $"{available} messages to replay");

        using var socket = await ConnectAsync();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++) await SendAsync(socket, """{"type":"resync","last_sequence":0}""");
        var received = await UntilPongAsync(socket);
        var elapsed = watch.Elapsed;

        var throttled = received.Where(m => m.Str("type") == "error").ToList();
        var replayed = received.Count - throttled.Count;
        Assert.NotEmpty(throttled);
        Assert.All(throttled, e => Assert.Equal("resync_throttled", e.Str("error")));
        var answered = ResyncThrottle.Burst + (int)(elapsed / ResyncThrottle.RefillEvery);
        Assert.InRange(replayed, available, answered * available);
        Assert.Equal(50, throttled.Count + replayed / available);
    }
}

public class ResyncThrottleTests
{
    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }

    [Fact]
    public void The_burst_is_allowed_at_once_then_one_per_refill_period_and_idle_time_saves_no_more_than_the_burst()
    {
        var clock = new ManualClock();
        var throttle = new ResyncThrottle(clock);

        Assert.Equal(Enumerable.Repeat(true, ResyncThrottle.Burst), Enumerable.Range(0, ResyncThrottle.Burst).Select(_ => throttle.TryTake()));
        Assert.False(throttle.TryTake());

        clock.Advance(ResyncThrottle.RefillEvery / 2);
        Assert.False(throttle.TryTake());
        clock.Advance(ResyncThrottle.RefillEvery / 2);
        Assert.True(throttle.TryTake());
        Assert.False(throttle.TryTake());

        clock.Advance(ResyncThrottle.RefillEvery * 100);
        Assert.Equal(ResyncThrottle.Burst, Enumerable.Range(0, 10).Count(_ => throttle.TryTake()));
    }

    [Fact]
    public void A_clock_set_back_takes_no_tokens_away_and_adds_none()
    {
        var clock = new ManualClock();
        var throttle = new ResyncThrottle(clock);
        Assert.True(throttle.TryTake());

        clock.Advance(-TimeSpan.FromHours(1));
        Assert.Equal(ResyncThrottle.Burst - 1, Enumerable.Range(0, 10).Count(_ => throttle.TryTake()));
    }
}
