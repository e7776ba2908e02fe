using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Alba;

namespace Hsi.Api.Tests.Operations;

/// <summary>A rate-limited host on a Redis of its own, which a test may stop and start again (never the shared one).</summary>
public sealed class PrivateRedisFixture : HostFixture
{
    private readonly int _port = FreePort();
    private Process? _redis;

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["RATE_LIMIT_ENABLED"] = "true",
        ["REDIS_URL"] = $"redis://127.0.0.1:{_port}/0",
    };

    protected override void BeforeStart() => StartRedis();

    public void StartRedis()
    {
        _redis = Process.Start(new ProcessStartInfo("redis-server", $"--bind 127.0.0.1 --port {_port} --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        _redis.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Answers())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"redis-server on port {_port} did not start");
            Thread.Sleep(100);
        }
    }

    public void StopRedis()
    {
        if (_redis is null) return;
        _redis.Kill();
        _redis.WaitForExit();
        _redis.Dispose();
        _redis = null;
    }

    private bool Answers()
    {
        try
        {
            using var tcp = new TcpClient();
            tcp.Connect(IPAddress.Loopback, _port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        StopRedis();
    }
}

public class RedisOutageTests(PrivateRedisFixture app) : IClassFixture<PrivateRedisFixture>
{
    private async Task<int> RequestsUntilRefusedAsync(IPAddress client, int atMost)
    {
        for (var i = 1; i <= atMost; i++)
            if (RateLimitTests.StatusOf(await RateLimitTests.GetAsync(app.Host, "/api/cameras", client)) == 429) return i;
        return -1;
    }

    private async Task<(int Status, string Health)> HealthAsync()
    {
        var result = await app.Host.Scenario(s => { s.Get.Url("/api/system/health"); s.IgnoreStatusCode(); });
        return (result.Context.Response.StatusCode, (await result.JsonAsync()).Str("status"));
    }

    [Fact]
    public async Task With_Redis_down_requests_pass_and_health_is_degraded_and_limits_return_with_it()
    {
        var client = RateLimitFixture.NewClient();
        Assert.Equal(71, await RequestsUntilRefusedAsync(client, 71));

        app.StopRedis();
        var degraded = await Eventually.GetAsync(HealthAsync, h => h.Health == "degraded", what: "health degraded");
        Assert.Equal(503, degraded.Status);
        for (var i = 0; i < 100; i++)
            Assert.Equal(200, RateLimitTests.StatusOf(await RateLimitTests.GetAsync(app.Host, "/api/cameras", client)));

        app.StartRedis();
        await Eventually.GetAsync(HealthAsync, h => h.Health == "healthy", what: "health healthy again");
        // The new Redis starts empty: the client has its full window again, and no more.
        var another = RateLimitFixture.NewClient();
        Assert.Equal(71, await RequestsUntilRefusedAsync(another, 71));
    }

    private async Task<System.Text.Json.Nodes.JsonArray> RecentEventsAsync() =>
        (await (await app.Host.Scenario(s => { s.Get.Url("/api/system/health"); s.IgnoreStatusCode(); })).JsonAsync())["recent_events"]!.AsArray();

    private static int CountOf(System.Text.Json.Nodes.JsonArray events, string type) =>
        events.Count(e => e!.Str("service") == "redis" && e!.Str("event_type") == type);

    [Fact]
    public async Task A_Redis_outage_and_its_end_are_recorded_in_recent_events_without_anyone_asking()
    {
        var before = await RecentEventsAsync();
        app.StopRedis();
        // Nobody calls the health endpoint meanwhile: the periodic check (every 5 s) notices.
        await Task.Delay(TimeSpan.FromSeconds(12));
        var down = await RecentEventsAsync();
        Assert.Equal(CountOf(before, "failure") + 1, CountOf(down, "failure"));
        var pipeline = await app.Host.GetJsonAsync("/api/system/pipeline");
        Assert.Equal("degraded", pipeline["degradation"]!.Str("mode"));
        Assert.False((bool)pipeline["degradation"]!["redis_healthy"]!);
        Assert.Contains(pipeline["degradation"]!["services"]!.AsArray(), s => s!.Str("name") == "redis" && (int)s!["consecutive_failures"]! >= 1);
        Assert.Null((await app.Host.GetJsonAsync("/api/system/pipeline-latency"))["total_pipeline"]);

        app.StartRedis();
        var up = await Eventually.GetAsync(RecentEventsAsync, e => CountOf(e, "recovery") > CountOf(before, "recovery"), what: "Redis' recovery recorded");
        var newest = up.First(e => e!.Str("service") == "redis")!;
        Assert.Equal("recovery", newest.Str("event_type"));
        await Eventually.GetAsync(() => app.Host.GetJsonAsync("/api/system/pipeline"), p => p["degradation"]!.Str("mode") == "normal", what: "normal mode again");
    }
}
