using System.Collections.Concurrent;

namespace Hsi.Api.Features.Jobs;

/// <summary>
/// Wakes this node's watchers of a job as soon as its runner records something, so log lines arrive
/// without waiting for the next poll; watchers on other nodes still see them by polling the stream.
/// </summary>
public sealed class JobActivity
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _next = new();

    /// <summary>Completes at the next record of the job. Take it before reading, so nothing recorded in between is missed.</summary>
    public Task NextAsync(Guid jobId) =>
        _next.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Recorded(Guid jobId)
    {
        if (_next.TryRemove(jobId, out var waiting)) waiting.TrySetResult();
    }
}
