using System.Net;
using System.Text.Json.Nodes;
using Hsi.Api.Configuration;
using Hsi.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Hsi.Api.Tests.Cluster;

/// <summary>
/// What a worker node (HSI_ROLE=worker) answers, in front of stand-in endpoints. Not a whole worker host: FastEndpoints
/// applies the first host's configuration (a worker maps only its probes) to every later host in the process, so a
/// worker host here would leave the hosts of the tests after it without their endpoints.
/// </summary>
public class WorkerNodeTests
{
    private static async Task<WebApplication> NodeAsync(ClusterRole role)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.UseWorkerSurface(role);
        foreach (var path in new[] { "/health", "/metrics", "/api/events", "/api/cameras" })
            app.MapGet(path, () => Results.Text("served"));
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task A_worker_answers_its_probes_and_sends_clients_to_an_API_node()
    {
        await using var node = await NodeAsync(ClusterRole.Worker);
        using var worker = node.GetTestClient();

        foreach (var probe in new[] { "/health", "/metrics" })
            Assert.Equal("served", await worker.GetStringAsync(probe));
        foreach (var url in new[] { "/api/events", "/api/cameras", "/ws/events" })
        {
            var refused = await worker.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            var detail = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!.Str("detail");
            Assert.Contains("worker node", detail);
            Assert.Contains("ask an API node", detail);
        }
    }

    [Fact]
    public async Task An_API_node_serves_its_clients()
    {
        await using var node = await NodeAsync(ClusterRole.Api);
        Assert.Equal("served", await node.GetTestClient().GetStringAsync("/api/events"));
    }
}
