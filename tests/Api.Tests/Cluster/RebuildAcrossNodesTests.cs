using Alba;
using Hsi.Api.Tests.Jobs;

namespace Hsi.Api.Tests.Cluster;

public class RebuildAcrossNodesTests(TwoNodesFixture app) : TwoNodesTest(app)
{
    private const int RequestsPerNode = 4;

    private static async Task<(int Status, System.Text.Json.Nodes.JsonNode Body)> RebuildAsync(IAlbaHost node)
    {
        var result = await node.Scenario(s => { s.Post.Url("/api/admin/projections/camera_view/rebuild"); s.IgnoreStatusCode(); });
        return (result.Context.Response.StatusCode, await result.JsonAsync());
    }

    [Fact]
    public async Task Two_nodes_asked_at_once_to_rebuild_one_projection_start_one_rebuild_and_refuse_the_others()
    {
        var other = await App.OtherNodeAsync();

        // Several requests on each node at once: without one guard for the cluster, more than one finds no rebuild under way.
        var answers = await Task.WhenAll(Enumerable.Range(0, RequestsPerNode).SelectMany(_ => new[] { RebuildAsync(Host), RebuildAsync(other) }));

        Assert.Equal([202, .. Enumerable.Repeat(409, 2 * RequestsPerNode - 1)], answers.Select(a => a.Status).Order());
        var started = answers.Single(a => a.Status == 202).Body.Str("job_id");
        Assert.All(answers.Where(a => a.Status == 409), a => Assert.Contains($"already being rebuilt by job {started}", a.Body.Str("detail")));
        Assert.Equal("completed", (await Host.FinishedJobAsync(Guid.Parse(started))).Status);
    }
}
