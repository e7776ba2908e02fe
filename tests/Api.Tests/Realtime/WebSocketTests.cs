using System.Net.WebSockets;
using System.Text;
using Alba;
using Hsi.Api.Configuration;
using Hsi.Api.Tests.Detections;
using Hsi.Api.Tests.Hardening;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Hsi.Api.Tests.Realtime;

public class WebSocketTests(AppFixture app) : ApiTest(app)
{
    private static Task<WebSocket> ConnectAsync(IAlbaHost host, string path) =>
        host.Server.CreateWebSocketClient().ConnectAsync(new Uri(host.Server.BaseAddress, path), CancellationToken.None);

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    [Theory]
    [InlineData("ping")]
    [InlineData("""{"type":"ping"}""")]
    public async Task A_client_ping_gets_a_pong(string ping)
    {
        using var socket = await ConnectAsync(Host, "/ws/detections");
        await SendAsync(socket, ping);
        Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
    }

    [Fact]
    public async Task Bad_json_gets_an_error_and_the_socket_stays_open()
    {
        using var socket = await ConnectAsync(Host, "/ws/detections");
        await SendAsync(socket, "{oops");
        var error = await DetectionPipelineTests.ReceiveJsonAsync(socket);
        Assert.Equal("error", error.Str("type"));
        Assert.Equal("invalid_json", error.Str("error"));
        Assert.Equal("Message is not valid JSON", error.Str("message"));

        await SendAsync(socket, "ping");
        Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Theory]
    [InlineData("""{"type":5}""", "\"type\" must be a string")]
    [InlineData("""{"type":null}""", "\"type\" must be a string")]
    [InlineData("""{"data":{}}""", "Message has no \"type\"")]
    [InlineData("[]", "Message must be a JSON object with a string \"type\"")]
    [InlineData("\"x\"", "Message must be a JSON object with a string \"type\"")]
    [InlineData("5", "Message must be a JSON object with a string \"type\"")]
    public async Task A_message_that_is_json_but_not_a_typed_object_gets_an_error_and_the_socket_stays_open(string text, string why)
    {
        using var socket = await ConnectAsync(Host, "/ws/detections");
        await SendAsync(socket, text);
        var error = await DetectionPipelineTests.ReceiveJsonAsync(socket);
        Assert.Equal("error", error.Str("type"));
        Assert.Equal("invalid_message", error.Str("error"));
        Assert.Equal(why, error.Str("message"));

        await SendAsync(socket, """{"type":"ping"}""");
        Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
    }

    [Fact]
    public async Task A_binary_message_gets_an_error_and_the_socket_stays_open()
    {
        using var socket = await ConnectAsync(Host, "/ws/detections");
        await socket.SendAsync("""{"type":"ping"}"""u8.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        var error = await DetectionPipelineTests.ReceiveJsonAsync(socket);
        Assert.Equal("invalid_message", error.Str("error"));
        Assert.Contains("Binary", error.Str("message"));

        await SendAsync(socket, "ping");
        Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
    }

    [Fact]
    public async Task Live_messages_of_another_deployment_on_the_same_Redis_never_reach_this_ones_clients()
    {
        var prefix = Host.Services.GetRequiredService<HsiSettings>().RedisPrefix;
        var redis = Host.Services.GetRequiredService<IConnectionMultiplexer>().GetSubscriber();
        using var socket = await ConnectAsync(Host, "/ws/detections");
        await SendAsync(socket, "ping");
        Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));

        foreach (var elsewhere in new[] { $"{prefix}_other", $"other_{prefix}" })
            await redis.PublishAsync(RedisChannel.Literal($"{elsewhere}:ws:detections"), """{"type":"detection.new","data":{"from":"elsewhere"}}""");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await redis.PublishAsync(RedisChannel.Literal($"{prefix}:ws:detections"), """{"type":"detection.new","data":{"from":"here"}}""");

        // Had any other deployment's message come through in those 2 s, it would be received first.
        var first = await DetectionPipelineTests.ReceiveJsonAsync(socket);
        Assert.Equal("here", first["data"]!.Str("from"));
    }
}

[Collection(ApiKeyCollection.Name)]
public class WebSocketApiKeyTests(ApiKeyFixture app)
{
    [Fact]
    public async Task Without_a_key_the_socket_is_closed_with_1008()
    {
        var client = app.Host.Server.CreateWebSocketClient();
        using var socket = await client.ConnectAsync(new Uri(app.Host.Server.BaseAddress, "/ws/detections"), CancellationToken.None);
        var result = await socket.ReceiveAsync(new byte[1024], CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
        Assert.Equal("API key required", result.CloseStatusDescription);
    }

    [Fact]
    public async Task A_key_in_the_query_or_the_subprotocol_lets_the_client_in()
    {
        var byQuery = app.Host.Server.CreateWebSocketClient();
        using (var socket = await byQuery.ConnectAsync(new Uri(app.Host.Server.BaseAddress, $"/ws/detections?api_key={ApiKeyFixture.Key}"), CancellationToken.None))
        {
            await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
        }

        var byProtocol = app.Host.Server.CreateWebSocketClient();
        byProtocol.SubProtocols.Add("hsi.v1");
        byProtocol.SubProtocols.Add($"api-key.{ApiKeyFixture.Key}");
        using (var socket = await byProtocol.ConnectAsync(new Uri(app.Host.Server.BaseAddress, "/ws/detections"), CancellationToken.None))
        {
            Assert.Equal("hsi.v1", socket.SubProtocol);
            await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal("pong", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
        }

        var wrong = app.Host.Server.CreateWebSocketClient();
        using var refused = await wrong.ConnectAsync(new Uri(app.Host.Server.BaseAddress, "/ws/detections?api_key=nope"), CancellationToken.None);
        var result = await refused.ReceiveAsync(new byte[1024], CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
        Assert.Equal("Invalid API key", result.CloseStatusDescription);
    }
}
