using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Operations;

public class SupervisorTests(AppFixture app) : ApiTest(app)
{
    private async Task<JsonNode> WorkerAsync(string name) =>
        (await Host.GetJsonAsync("/api/system/supervisor"))["workers"]!.AsArray().Single(w => w!.Str("name") == name)!;

    [Fact]
    public async Task The_supervisor_lists_this_nodes_workers_at_both_paths()
    {
        var supervisor = await Eventually.GetAsync(() => Host.GetJsonAsync("/api/system/supervisor"),
            s => s["workers"]!.AsArray().Count(w => w!.Str("status") == "running") >= 3, what: "the workers running");
        Assert.True((bool)supervisor["running"]!);
        var names = supervisor["workers"]!.AsArray().Select(w => w!.Str("name")).ToList();
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "folder_watcher", "retention", "storage", "system_status" });
        Assert.Equal(names.Count, (int)supervisor["worker_count"]!);
        var watcher = supervisor["workers"]!.AsArray().Single(w => w!.Str("name") == "folder_watcher")!;
        Assert.Equal(5, (int)watcher["max_restarts"]!);
        Assert.NotNull(watcher["last_started_at"]);

        var status = await Host.GetJsonAsync("/api/system/supervisor/status");
        Assert.Equal(names, status["workers"]!.AsArray().Select(w => w!.Str("name")).ToList());
    }

    [Fact]
    public async Task Restarting_the_folder_watcher_starts_a_new_one_that_still_takes_files_and_is_recorded_in_health()
    {
        var before = await Eventually.GetAsync(() => WorkerAsync("folder_watcher"), w => w.Str("status") == "running", what: "the watcher running");

        var restarted = await Host.SendAsync(HttpMethod.Post, "/api/system/supervisor/workers/folder_watcher/restart");
        Assert.True((bool)restarted["success"]!);
        Assert.Equal("folder_watcher", restarted.Str("worker_name"));

        var after = await Eventually.GetAsync(() => WorkerAsync("folder_watcher"), w => w.Str("status") == "running", what: "the watcher running again");
        Assert.Equal((int)before["restart_count"]! + 1, (int)after["restart_count"]!);
        Assert.True(DateTimeOffset.Parse(after.Str("last_started_at")) > DateTimeOffset.Parse(before.Str("last_started_at")));
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        await Host.WaitForDetectionsAsync(1);

        var health = await (await Host.Scenario(s => { s.Get.Url("/api/system/health"); s.IgnoreStatusCode(); })).JsonAsync();
        var restart = health["recent_events"]!.AsArray().First(e => e!.Str("service") == "folder_watcher")!;
        Assert.Equal("restart", restart.Str("event_type"));
        Assert.EndsWith("Z", restart.Str("timestamp"));
    }

    [Theory]
    [InlineData("9watcher")]
    [InlineData("folder-watcher")]
    [InlineData("_watcher")]
    public async Task A_malformed_worker_name_is_400(string name) =>
        Assert.Contains("letter", (await Host.SendAsync(HttpMethod.Post, $"/api/system/supervisor/workers/{name}/restart", status: 400)).Str("detail"));

    [Fact]
    public async Task An_unknown_worker_is_404() =>
        Assert.Contains("folder_watcher", (await Host.SendAsync(HttpMethod.Post, "/api/system/supervisor/workers/no_such_worker/restart", status: 404)).Str("detail"));
}
