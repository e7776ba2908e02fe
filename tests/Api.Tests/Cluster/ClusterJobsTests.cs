using System.Text.Json;
using Alba;
using Hsi.Api.Features.Jobs;
using Hsi.Api.Tests.Jobs;
using Hsi.Domain.Common;
using Hsi.Domain.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Hsi.Api.Tests.Cluster;

public class ClusterJobsTests(TwoNodesFixture app) : TwoNodesTest(app)
{
    private static Task<Guid> StartAsync(IAlbaHost node, StepsParameters parameters) =>
        node.Services.GetRequiredService<IJobScheduler>().StartAsync(StepsJob.Name, parameters, CancellationToken.None);

    [Fact]
    public async Task With_one_job_slot_a_job_started_on_the_other_node_waits_for_the_running_one()
    {
        var other = await App.OtherNodeAsync();
        App.Gates.HoldAll();
        var first = await StartAsync(Host, new StepsParameters(1));
        await Eventually.GetAsync(() => Host.GetJsonAsync($"/api/jobs/{first}"), j => j["progress"]!.GetValue<int>() == 100, what: "the first job at its gate");

        var second = await StartAsync(other, new StepsParameters(1));
        // Long enough for the other node to have taken it up (it looks for a free slot every second), were a slot free.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal("queued", (await other.GetJsonAsync($"/api/jobs/{second}")).Str("status"));

        App.Gates.Open(first);
        var firstDone = await Host.FinishedJobAsync(first);
        var secondDone = await other.FinishedJobAsync(second);
        Assert.Equal(["completed", "completed"], [firstDone.Status, secondDone.Status]);
        Assert.True(DateTimeOffset.Parse(secondDone.StartedAt!) >= DateTimeOffset.Parse(firstDone.CompletedAt!),
            $"the second job started at {secondDone.StartedAt}, before the first completed at {firstDone.CompletedAt}");
    }

    /// <summary>
    /// A node died mid-job: its job is recorded as running, nobody holds its lock, and its RunJob message reaches a
    /// node that stays up (Wolverine hands a dead node's messages on). The start-up recovery is in JobsTests.
    /// </summary>
    [Fact]
    public async Task A_job_whose_node_died_is_rerun_or_failed_by_the_node_that_gets_its_message()
    {
        var now = DateTimeOffset.UtcNow;
        var (plain, resumable) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var parameters = JsonSerializer.SerializeToElement(new { steps = 2 });
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.StartStream(StreamKeys.Job(plain), new JobQueued(plain, StepsJob.Name, parameters, now), new JobStarted(plain, 1, now));
            session.Events.StartStream(StreamKeys.Job(resumable), new JobQueued(resumable, ResumableStepsJob.Name, parameters, now), new JobStarted(resumable, 1, now));
            await session.SaveChangesAsync();
        }

        foreach (var jobId in new[] { plain, resumable }) await Host.MessageBus().PublishAsync(new RunJob(jobId));

        var failed = await Host.FinishedJobAsync(plain);
        Assert.Equal("failed", failed.Status);
        Assert.Equal("interrupted by a restart", failed.Error);
        var rerun = await Host.FinishedJobAsync(resumable);
        Assert.Equal("completed", rerun.Status);
        Assert.Equal("2 steps done", rerun.Message);
    }
}
