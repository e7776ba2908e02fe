using System.Net.WebSockets;
using Alba;
using Hsi.Api.Tests.Hardening;
using Hsi.Api.Tests.Webhooks;

namespace Hsi.Api.Tests.Operations;

[Collection(ApiKeyCollection.Name)]
public class OperationsApiKeyTests(ApiKeyFixture app)
{
    [Fact]
    public async Task The_system_socket_without_a_key_is_closed_with_1008()
    {
        using var socket = await app.Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Host.Server.BaseAddress, "/ws/system"), CancellationToken.None);
        var result = await socket.ReceiveAsync(new byte[1024], new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task Probes_and_metrics_need_no_key_but_the_gpu_and_the_alert_webhook_do()
    {
        foreach (var url in new[] { "/api/system/health/ready", "/api/system/health", "/api/metrics" })
        {
            var result = await app.Host.Scenario(s => { s.Get.Url(url); s.IgnoreStatusCode(); });
            Assert.Contains(result.Context.Response.StatusCode, new[] { 200, 503 });
        }
        await app.Host.Scenario(s => { s.Get.Url("/api/system/gpu"); s.StatusCodeShouldBe(401); });
        await app.Host.Scenario(s => { s.Post.Json(AlertWebhookTests.Payload("X")).ToUrl("/api/webhooks/alerts"); s.StatusCodeShouldBe(401); });
        await app.Host.Scenario(s =>
        {
            s.Post.Json(AlertWebhookTests.Payload("X")).ToUrl("/api/webhooks/alerts").QueryString("api_key", ApiKeyFixture.Key);
            s.StatusCodeShouldBe(200);
        });
    }

    [Fact]
    public async Task Restarting_a_worker_needs_the_key_in_the_header_or_the_query()
    {
        const string url = "/api/system/supervisor/workers/system_status/restart";
        await app.Host.Scenario(s => { s.Post.Url(url); s.StatusCodeShouldBe(401); });
        await app.Host.Scenario(s => { s.Post.Url(url).QueryString("api_key", ApiKeyFixture.Key); s.StatusCodeShouldBe(200); });
        await app.Host.Scenario(s => { s.Post.Url(url); s.WithRequestHeader("X-API-Key", ApiKeyFixture.Key); s.StatusCodeShouldBe(200); });
    }
}
