using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Common;
using Hsi.Domain.Jobs;
using Hsi.Projections.Cameras;
using Marten;
using Hsi.Api.Tests.Jobs;

namespace Hsi.Api.Tests.Admin;

public class ProjectionRebuildTests(JobsFixture app) : JobsTest(app)
{
    private async Task<JsonNode> GetAsync(string url) => await (await Host.Scenario(s => s.Get.Url(url))).JsonAsync();

    private async Task<Guid> RebuildAsync(string name)
    {
        var accepted = await (await Host.Scenario(s =>
        {
            s.Post.Url($"/api/admin/projections/{name}/rebuild");
            s.StatusCodeShouldBe(202);
        })).JsonAsync();
        Assert.Equal("queued", accepted.Str("status"));
        return Guid.Parse(accepted.Str("job_id"));
    }

    private async Task CreateCamerasAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await Host.Scenario(s =>
            {
                s.Post.Json(new { name = $"Camera {i}", folder_path = $"cam_{i}" }).ToUrl("/api/cameras");
                s.StatusCodeShouldBe(201);
            });
    }

    [Fact]
    public async Task Every_projection_is_listed_with_its_rebuild_name_lifecycle_and_lag()
    {
        await CreateCamerasAsync(2);

        var items = (await GetAsync("/api/admin/projections"))["items"]!.AsArray();
        var names = items.Select(p => p!.Str("name")).ToList();
        foreach (var expected in new[] { "camera_view", "media_view", "detection_view", "security_event_view", "calibration_view", "calibration_history_view", "job_view" })
            Assert.Contains(expected, names);
        var camera = items.Single(p => p!.Str("name") == "camera_view")!;
        Assert.Equal("inline", camera.Str("lifecycle"));
        Assert.Equal("current", camera.Str("status"));
        Assert.Equal(0, camera["lag"]!.GetValue<long>());
        Assert.True(camera["high_water_mark"]!.GetValue<long>() >= 2);
    }

    [Fact]
    public async Task A_rebuild_streams_its_progress_to_a_watcher_ends_complete_and_leaves_the_read_model_as_it_was()
    {
        await CreateCamerasAsync(3);
        var before = (await GetAsync("/api/cameras"))["items"]!.ToJsonString();
        // A read model lost (or broken by a bad deploy): the rebuild must bring it back from the events alone.
        await App.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(CameraView));
        Assert.Empty((await GetAsync("/api/cameras"))["items"]!.AsArray());

        var jobId = await RebuildAsync("camera_view");
        using var socket = await Host.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri(Host.Server.BaseAddress, $"/ws/jobs/{jobId}/logs"), CancellationToken.None);
        var (messages, status, _) = await JobsTests.ReadToCloseAsync(socket);

        Assert.Equal("complete", messages[^1].Str("type"));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        var lines = messages.SkipLast(1).Select(m => m["data"]!.Str("message")).ToList();
        Assert.StartsWith("Rebuilding CameraView", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("CameraView: rebuilt from"));
        var job = await GetAsync($"/api/jobs/{jobId}");
        Assert.Equal("completed", job.Str("status"));
        Assert.Equal("CameraView", job["result"]!.Str("projection"));
        Assert.Equal(before, (await GetAsync("/api/cameras"))["items"]!.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_projection_is_404_and_one_already_being_rebuilt_409()
    {
        await Host.Scenario(s => { s.Post.Url("/api/admin/projections/nope/rebuild"); s.StatusCodeShouldBe(404); });
        // The jobs' own projection cannot be rebuilt by a job.
        await Host.Scenario(s => { s.Post.Url("/api/admin/projections/job_view/rebuild"); s.StatusCodeShouldBe(409); });

        // A rebuild queued by another node (this one never runs it): the projection counts as being rebuilt.
        var queued = Guid.CreateVersion7();
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(StreamKeys.Job(queued), new JobQueued(queued, "projection_rebuild",
                JsonSerializer.SerializeToElement(new { projection = "CameraView" }), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        var conflict = await Host.Scenario(s => { s.Post.Url("/api/admin/projections/camera_view/rebuild"); s.StatusCodeShouldBe(409); });
        Assert.Contains(queued.ToString(), (await conflict.JsonAsync()).Str("detail"));
        var camera = (await GetAsync("/api/admin/projections"))["items"]!.AsArray().Single(p => p!.Str("name") == "camera_view")!;
        Assert.Equal("rebuilding", camera.Str("status"));
        Assert.Equal(queued.ToString(), camera.Str("rebuild_job_id"));
    }
}
