using System.Collections.Concurrent;
using Hsi.Api.Features.Jobs;

namespace Hsi.Api.Tests.Jobs;

/// <summary>What a test job is told: how many steps, and at which step (if any) it throws.</summary>
public sealed record StepsParameters(int Steps, int? FailAt = null);

/// <summary>A job that logs and reports progress for each step, then waits at its gate (if the test set one) before it finishes.</summary>
public sealed class StepsJob(JobGates gates) : IJobKind
{
    public const string Name = "test_steps";

    public string Kind => Name;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var p = job.ParametersAs<StepsParameters>();
        for (var step = 1; step <= p.Steps; step++)
        {
            if (step == p.FailAt) throw new InvalidOperationException($"step {step} broke");
            await job.LogAsync("info", $"step {step} of {p.Steps}", new { step });
            await job.ReportProgressAsync(step * 100 / p.Steps, $"step {step}");
        }
        await gates.PassAsync(job.JobId, ct);
        return new JobOutcome($"{p.Steps} steps done", new { steps = p.Steps }, $"/api/jobs/{job.JobId}");
    }
}

/// <summary>The same work, but a run cut short may simply run again.</summary>
public sealed class ResumableStepsJob(JobGates gates) : IJobKind
{
    public const string Name = "test_resumable_steps";

    public string Kind => Name;
    public bool ResumesAfterRestart => true;

    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct) => new StepsJob(gates).RunAsync(job, ct);
}

/// <summary>Gates a test opens to let a waiting job finish; a job without a gate passes at once.</summary>
public sealed class JobGates
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _gates = new();
    private volatile bool _holdAll;

    /// <summary>Every job that runs from now on waits at its gate.</summary>
    public void HoldAll() => _holdAll = true;

    public void Open(Guid jobId) => Gate(jobId).TrySetResult();

    /// <summary>Lets every waiting job go and holds none from now on (between tests).</summary>
    public void Release()
    {
        _holdAll = false;
        foreach (var gate in _gates.Values) gate.TrySetResult();
    }

    public Task PassAsync(Guid jobId, CancellationToken ct) => _holdAll ? Gate(jobId).Task.WaitAsync(ct) : Task.CompletedTask;

    private TaskCompletionSource Gate(Guid jobId) =>
        _gates.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
