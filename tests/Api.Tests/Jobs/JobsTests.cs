using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Features.Jobs;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Common;
using Hsi.Domain.Jobs;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Jobs;

/// <summary>A host with the test job kinds, whose jobs wait at a gate the test opens.</summary>
public sealed class JobsFixture : HostFixture
{
    public JobGates Gates { get; } = new();

    protected override void AddServices(IServiceCollection services) => AddTestKinds(services, Gates);

    internal static void AddTestKinds(IServiceCollection services, JobGates gates)
    {
        services.AddSingleton(gates);
        services.AddSingleton<IJobKind, StepsJob>();
        services.AddSingleton<IJobKind, ResumableStepsJob>();
    }
}

[CollectionDefinition(Name)]
public sealed class JobsCollection : ICollectionFixture<JobsFixture>
{
    public const string Name = "jobs";
}

/// <summary>Base of the tests on the jobs host: each starts and ends with no job queued or running, its gates open.</summary>
[Collection(JobsCollection.Name)]
public abstract class JobsTest(JobsFixture app) : IAsyncLifetime
{
    protected JobsFixture App { get; } = app;
    protected IAlbaHost Host => App.Host;

    public Task InitializeAsync()
    {
        App.Gates.Release();
        return App.ResetAsync();
    }

    /// <summary>No job a test left queued or running may be taken up by the next host that starts on this database.</summary>
    public Task DisposeAsync()
    {
        App.Gates.Release();
        return App.ResetAsync();
    }
}

public class JobsTests(JobsFixture app) : JobsTest(app)
{
    private Task<Guid> StartAsync(string kind, object parameters) =>
        Host.Services.GetRequiredService<IJobScheduler>().StartAsync(kind, parameters, CancellationToken.None);

    private async Task<JsonNode> JobAsync(Guid jobId) =>
        await (await Host.Scenario(s => s.Get.Url($"/api/jobs/{jobId}"))).JsonAsync();

    private Task<WebSocket> ConnectAsync(Guid jobId) =>
        Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, $"/ws/jobs/{jobId}/logs"), CancellationToken.None);

    /// <summary>Every message until the server's close, and the close itself.</summary>
    internal static async Task<(List<JsonNode> Messages, WebSocketCloseStatus? Status, string? Reason)> ReadToCloseAsync(WebSocket socket)
    {
        var messages = new List<JsonNode>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return (messages, result.CloseStatus, result.CloseStatusDescription);
            }
            var node = JsonNode.Parse(message.ToArray())!;
            if (node.Str("type") != "ping") messages.Add(node);
        }
    }

    [Fact]
    public async Task A_job_runs_in_the_background_and_reports_its_result()
    {
        var jobId = await StartAsync(StepsJob.Name, new StepsParameters(3));

        var job = await Host.FinishedJobAsync(jobId);
        Assert.Equal("completed", job.Status);
        Assert.Equal(jobId.ToString(), job.JobId);
        Assert.Equal(StepsJob.Name, job.Kind);
        Assert.Equal(100, job.Progress);
        Assert.Equal("3 steps done", job.Message);
        Assert.Equal(3, job.Result!["steps"]!.GetValue<int>());
        Assert.Equal($"/api/jobs/{jobId}", job.ResultUrl);
        Assert.Null(job.Error);
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.CompletedAt);
        Assert.NotNull(job.CreatedAt);
    }

    [Fact]
    public async Task A_job_that_throws_is_failed_with_the_reason()
    {
        var jobId = await StartAsync(StepsJob.Name, new StepsParameters(3, FailAt: 2));

        var job = await Host.FinishedJobAsync(jobId);
        Assert.Equal("failed", job.Status);
        Assert.Equal("step 2 broke", job.Error);
        Assert.Equal(33, job.Progress);
    }

    [Fact]
    public async Task An_unknown_job_is_404_and_a_malformed_id_422()
    {
        var missing = await Host.Scenario(s => { s.Get.Url($"/api/jobs/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });
        Assert.Contains("not found", (await missing.JsonAsync()).Str("detail"));
        await Host.Scenario(s => { s.Get.Url("/api/jobs/not-a-uuid"); s.StatusCodeShouldBe(422); });
    }

    [Fact]
    public async Task A_log_watcher_that_connects_after_the_job_began_gets_every_line_then_complete()
    {
        App.Gates.HoldAll();
        var jobId = await StartAsync(StepsJob.Name, new StepsParameters(3));
        await Eventually.GetAsync(() => JobAsync(jobId), j => j["progress"]!.GetValue<int>() == 100, what: "all steps logged");

        using var socket = await ConnectAsync(jobId);
        App.Gates.Open(jobId);
        var (messages, status, reason) = await ReadToCloseAsync(socket);

        Assert.Equal(["log", "log", "log", "complete"], messages.Select(m => m.Str("type")));
        Assert.Equal(["step 1 of 3", "step 2 of 3", "step 3 of 3"], messages.Take(3).Select(m => m["data"]!.Str("message")));
        var first = messages[0]["data"]!;
        Assert.Equal("info", first.Str("level"));
        Assert.Equal(1, first["context"]!["step"]!.GetValue<int>());
        Assert.NotNull(first["timestamp"]);
        Assert.True(messages[0]["sequence"]!.GetValue<long>() < messages[3]["sequence"]!.GetValue<long>());
        Assert.Equal("3 steps done", messages[3]["data"]!.Str("message"));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal("Job completed", reason);
    }

    [Fact]
    public async Task A_watcher_of_a_live_job_gets_its_lines_as_they_come_and_a_failed_job_ends_with_failed()
    {
        var jobId = await StartAsync(StepsJob.Name, new StepsParameters(4, FailAt: 3));
        using var socket = await ConnectAsync(jobId);

        var (messages, status, _) = await ReadToCloseAsync(socket);

        Assert.Equal(["log", "log", "failed"], messages.Select(m => m.Str("type")));
        Assert.Equal("step 3 broke", messages[^1]["data"]!.Str("error"));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
    }

    [Fact]
    public async Task A_log_socket_for_an_unknown_job_closes_with_the_reason()
    {
        using var socket = await ConnectAsync(Guid.NewGuid());
        var (messages, status, reason) = await ReadToCloseAsync(socket);
        Assert.Empty(messages);
        Assert.Equal(4404, (int)status!);
        Assert.Contains("not found", reason);
    }

    [Fact]
    public async Task A_job_survives_its_watcher_going_away()
    {
        App.Gates.HoldAll();
        var jobId = await StartAsync(StepsJob.Name, new StepsParameters(2));
        using (var socket = await ConnectAsync(jobId))
        {
            Assert.Equal("log", (await DetectionPipelineTests.ReceiveJsonAsync(socket)).Str("type"));
            socket.Abort();
        }
        App.Gates.Open(jobId);
        Assert.Equal("completed", (await Host.FinishedJobAsync(jobId)).Status);
    }

    /// <summary>
    /// What a process killed mid-job leaves behind: a job recorded as running whose runner (and its
    /// advisory lock) is gone. The next start fails it, or runs it again when its kind allows.
    /// </summary>
    [Fact]
    public async Task After_a_crash_the_next_start_fails_or_reruns_the_jobs_left_running_never_leaving_them_running()
    {
        var now = DateTimeOffset.UtcNow;
        var (plain, resumable, neverStarted) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var parameters = global::System.Text.Json.JsonSerializer.SerializeToElement(new { steps = 2 });
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(StreamKeys.Job(plain), new JobQueued(plain, StepsJob.Name, parameters, now), new JobStarted(plain, 1, now));
            session.Events.StartStream(StreamKeys.Job(resumable), new JobQueued(resumable, ResumableStepsJob.Name, parameters, now), new JobStarted(resumable, 1, now));
            session.Events.StartStream(StreamKeys.Job(neverStarted), new JobQueued(neverStarted, StepsJob.Name, parameters, now));
            await session.SaveChangesAsync();
        }

        await using var restarted = await StartAnotherHostAsync();

        var failed = await restarted.FinishedJobAsync(plain);
        Assert.Equal("failed", failed.Status);
        Assert.Equal("interrupted by a restart", failed.Error);
        var rerun = await restarted.FinishedJobAsync(resumable);
        Assert.Equal("completed", rerun.Status);
        Assert.Equal("completed", (await restarted.FinishedJobAsync(neverStarted)).Status);
    }

    [Fact]
    public async Task A_job_running_when_the_API_stops_is_failed_or_queued_again_not_left_running()
    {
        var gates = new JobGates();
        gates.HoldAll();
        Guid plain, resumable;
        await using (var stopping = await StartAnotherHostAsync(gates))
        {
            var scheduler = stopping.Services.GetRequiredService<IJobScheduler>();
            plain = await scheduler.StartAsync(StepsJob.Name, new StepsParameters(1), CancellationToken.None);
            resumable = await scheduler.StartAsync(ResumableStepsJob.Name, new StepsParameters(1), CancellationToken.None);
            foreach (var id in new[] { plain, resumable })
                await Eventually.GetAsync(async () => await (await stopping.Scenario(s => s.Get.Url($"/api/jobs/{id}"))).JsonAsync(),
                    j => j["progress"]!.GetValue<int>() == 100, what: "the job to reach its gate");
        }

        var failed = await JobAsync(plain);
        Assert.Equal("failed", failed.Str("status"));
        Assert.StartsWith("interrupted", failed.Str("error"));
        Assert.Equal("queued", (await JobAsync(resumable)).Str("status"));
    }

    private async Task<IAlbaHost> StartAnotherHostAsync(JobGates? gates = null)
    {
        var settings = HostFixture.TestSettings(App.CameraRoot, App.DataDir, App.ModelPath);
        return await AlbaHost.For<Program>(web => HostFixture.ConfigureForTests(web, settings, s => JobsFixture.AddTestKinds(s, gates ?? new JobGates())));
    }
}
