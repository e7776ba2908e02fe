namespace Hsi.Api.Tests;

/// <summary>
/// Polls for an outcome of background work, with a generous timeout (never a timing assertion).
/// Only where no Wolverine message the test sends can be tracked: the folder watcher noticing a
/// file, JobRunner's jobs, WebSockets, Redis and health probes, and a message whose failure is
/// retried on a schedule (a tracked session ends at a scheduled message). A message a test sends
/// itself is awaited exactly instead (<c>TrackActivity()</c>, <c>InvokeMessageAndWaitAsync</c>).
/// </summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what ?? "the expected state"}; last value: {value}");
            await Task.Delay(200);
        }
    }
}
