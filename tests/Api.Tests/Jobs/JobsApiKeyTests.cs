using System.Net.WebSockets;
using Alba;
using Hsi.Api.Tests.Hardening;

namespace Hsi.Api.Tests.Jobs;

/// <summary>The job endpoints and the job log socket follow the API key like every other endpoint.</summary>
[Collection(ApiKeyCollection.Name)]
public class JobsApiKeyTests(ApiKeyFixture app)
{
    [Theory]
    [InlineData("GET", "/api/jobs/0196b0c4-9f9e-7b4e-8a3e-6b9e3c1f0d2a")]
    [InlineData("GET", "/api/admin/projections")]
    [InlineData("POST", "/api/admin/projections/camera_view/rebuild")]
    public async Task Without_a_key_job_endpoints_are_401(string method, string url) =>
        await app.Host.Scenario(s =>
        {
            if (method == "POST") s.Post.Url(url);
            else s.Get.Url(url);
            s.StatusCodeShouldBe(401);
        });

    [Fact]
    public async Task With_the_key_a_rebuild_starts()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Url("/api/admin/projections/calibration_view/rebuild");
            s.WithRequestHeader("X-API-Key", ApiKeyFixture.Key);
            s.StatusCodeShouldBe(202);
        });
        var jobId = Guid.Parse((await result.JsonAsync()).Str("job_id"));
        Assert.Equal("completed", (await app.Host.FinishedJobAsync(jobId, $"?api_key={ApiKeyFixture.Key}")).Status);
    }

    [Fact]
    public async Task Without_a_key_the_job_log_socket_is_closed_with_1008()
    {
        using var socket = await app.Host.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri(app.Host.Server.BaseAddress, $"/ws/jobs/{Guid.NewGuid()}/logs"), CancellationToken.None);
        var result = await socket.ReceiveAsync(new byte[1024], CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
    }
}
