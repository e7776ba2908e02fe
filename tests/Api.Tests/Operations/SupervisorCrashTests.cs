using Hsi.Api.Infrastructure.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hsi.Api.Tests.Operations;

/// <summary>A worker whose every run throws, the first before it ever awaits: what a crashing worker looks like to the supervisor.</summary>
public sealed class CrashingWorker : BackgroundService
{
    private static int _runs;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Increment(ref _runs) > 1) await Task.Yield();
        throw new InvalidOperationException("the test worker broke");
    }
}

/// <summary>A host with a worker that always crashes, allowed two restarts.</summary>
public sealed class CrashingWorkerFixture : HostFixture
{
    protected override void AddServices(IServiceCollection services) => services.AddSupervisedWorker<CrashingWorker>("crashing_worker", maxRestarts: 2);
}

public class SupervisorCrashTests(CrashingWorkerFixture app) : IClassFixture<CrashingWorkerFixture>
{
    [Fact]
    public async Task A_crashing_worker_is_restarted_with_backoff_until_it_fails_and_an_operator_restart_gives_it_another_go()
    {
        var failed = await Eventually.GetAsync(async () => (await app.Host.GetJsonAsync("/api/system/supervisor"))["workers"]!.AsArray()
            .Single(w => w!.Str("name") == "crashing_worker")!, w => w.Str("status") == "failed", what: "the worker failed");
        Assert.Equal(2, (int)failed["restart_count"]!);
        Assert.Equal(2, (int)failed["max_restarts"]!);
        Assert.Equal("the test worker broke", failed.Str("error"));
        Assert.NotNull(failed["last_crashed_at"]);

        var events = (await (await app.Host.Scenario(s => { s.Get.Url("/api/system/health"); s.IgnoreStatusCode(); })).JsonAsync())["recent_events"]!
            .AsArray().Where(e => e!.Str("service") == "crashing_worker").ToList();
        Assert.Equal(2, events.Count(e => e!.Str("event_type") == "restart"));
        Assert.Contains(events, e => e!.Str("event_type") == "failure" && e!.Str("message").Contains("the test worker broke"));

        await app.Host.SendAsync(HttpMethod.Post, "/api/system/supervisor/workers/crashing_worker/restart");
        // It crashes again, and is restarted again: the operator's restart gave it its restarts back.
        await Eventually.GetAsync(async () => (await app.Host.GetJsonAsync("/api/system/supervisor"))["workers"]!.AsArray()
            .Single(w => w!.Str("name") == "crashing_worker")!, w => (int)w["restart_count"]! >= 4, what: "an automatic restart after the operator's");
    }
}
