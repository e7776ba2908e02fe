using System.Net;
using System.Net.WebSockets;
using Alba;
using Hsi.Api.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Hsi.Api.Tests.Operations;

/// <summary>A host with SPEC.md §5 rate limits on (the default hosts turn them off) and one trusted proxy.</summary>
public sealed class RateLimitFixture : HostFixture
{
    public const string TrustedProxy = "10.9.9.9";

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["RATE_LIMIT_ENABLED"] = "true",
        ["TRUSTED_PROXY_IPS"] = $"[\"{TrustedProxy}\"]",
    };

    /// <summary>A client address no other test uses, so windows never carry over between tests.</summary>
    public static IPAddress NewClient() => new([203, 0, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255)]);

    public async Task ForgetWindowsAsync()
    {
        var redis = Host.Services.GetRequiredService<IConnectionMultiplexer>();
        var prefix = Host.Services.GetRequiredService<HsiSettings>().RedisPrefix;
        var db = redis.GetDatabase();
        foreach (var server in redis.GetServers())
            await foreach (var key in server.KeysAsync(db.Database, $"{prefix}:rate_limit:*")) await db.KeyDeleteAsync(key);
    }
}

[CollectionDefinition(Name)]
public sealed class RateLimitCollection : ICollectionFixture<RateLimitFixture>
{
    public const string Name = "rate-limit";
}

[Collection(RateLimitCollection.Name)]
public class RateLimitTests(RateLimitFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ForgetWindowsAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    internal static async Task<IScenarioResult> GetAsync(IAlbaHost host, string url, IPAddress client, string? forwardedFor = null) =>
        await host.Scenario(s =>
        {
            s.Get.Url(url);
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = client);
            if (forwardedFor is not null) s.WithRequestHeader("X-Forwarded-For", forwardedFor);
            s.IgnoreStatusCode();
        });

    internal static int StatusOf(IScenarioResult r) => r.Context.Response.StatusCode;

    [Fact]
    public async Task The_71st_default_tier_request_within_a_minute_is_429_with_the_four_headers()
    {
        var client = RateLimitFixture.NewClient();
        for (var i = 1; i <= 70; i++)
        {
            var ok = await GetAsync(app.Host, "/api/cameras", client);
            Assert.True(StatusOf(ok) == 200, $"request {i} was {StatusOf(ok)}");
            Assert.Equal((70 - i).ToString(), ok.Context.Response.Headers["X-RateLimit-Remaining"].ToString());
        }

        var refused = await GetAsync(app.Host, "/api/cameras", client);
        Assert.Equal(429, StatusOf(refused));
        var headers = refused.Context.Response.Headers;
        Assert.Equal("70", headers["X-RateLimit-Limit"].ToString());
        Assert.Equal("0", headers["X-RateLimit-Remaining"].ToString());
        var retryAfter = int.Parse(headers.RetryAfter.ToString());
        Assert.InRange(retryAfter, 1, 60);
        var reset = DateTimeOffset.FromUnixTimeSeconds(long.Parse(headers["X-RateLimit-Reset"].ToString()));
        Assert.InRange(reset, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(65));
        Assert.StartsWith("Rate limit exceeded", (await refused.JsonAsync()).Str("detail"));

        // Another client, another tier and the probes are not held back by this one's window.
        Assert.Equal(200, StatusOf(await GetAsync(app.Host, "/api/cameras", RateLimitFixture.NewClient())));
        Assert.Equal(200, StatusOf(await GetAsync(app.Host, "/api/system/health", client)));
        Assert.Equal(200, StatusOf(await GetAsync(app.Host, "/metrics", client)));
        Assert.NotEqual(429, StatusOf(await GetAsync(app.Host, "/api/detections/1/image", client)));
    }

    [Fact]
    public async Task Export_allows_ten_a_minute_with_no_burst()
    {
        var client = RateLimitFixture.NewClient();
        for (var i = 0; i < 10; i++) Assert.Equal(200, StatusOf(await GetAsync(app.Host, "/api/events/export", client)));
        Assert.Equal(429, StatusOf(await GetAsync(app.Host, "/api/events/export", client)));
    }

    [Fact]
    public async Task Forwarded_for_counts_only_from_a_trusted_proxy()
    {
        var proxy = IPAddress.Parse(RateLimitFixture.TrustedProxy);
        var first = RateLimitFixture.NewClient();
        for (var i = 0; i < 70; i++) Assert.Equal(200, StatusOf(await GetAsync(app.Host, "/api/cameras", proxy, $"{first}")));
        Assert.Equal(429, StatusOf(await GetAsync(app.Host, "/api/cameras", proxy, $"{first}, {proxy}")));
        // The proxy's other clients have windows of their own...
        Assert.Equal(200, StatusOf(await GetAsync(app.Host, "/api/cameras", proxy, $"{RateLimitFixture.NewClient()}")));

        // ...while a client that is no proxy cannot pick its own window with the header.
        var direct = RateLimitFixture.NewClient();
        for (var i = 0; i < 70; i++) await GetAsync(app.Host, "/api/cameras", direct, $"{RateLimitFixture.NewClient()}");
        Assert.Equal(429, StatusOf(await GetAsync(app.Host, "/api/cameras", direct, $"{RateLimitFixture.NewClient()}")));
    }

    [Fact]
    public async Task The_13th_websocket_connect_within_a_minute_is_refused_with_1008_before_a_session_starts()
    {
        var client = RateLimitFixture.NewClient();
        async Task<WebSocket> ConnectAsync()
        {
            var ws = app.Host.Server.CreateWebSocketClient();
            ws.ConfigureRequest = r => r.HttpContext.Connection.RemoteIpAddress = client;
            return await ws.ConnectAsync(new Uri(app.Host.Server.BaseAddress, "/ws/system"), CancellationToken.None);
        }

        for (var i = 0; i < 12; i++)
        {
            using var socket = await ConnectAsync();
            await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal("pong", (await Detections.DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        using var refused = await ConnectAsync();
        var result = await refused.ReceiveAsync(new byte[1024], new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, refused.CloseStatus);
        Assert.Equal("Rate limit exceeded", refused.CloseStatusDescription);
    }
}
