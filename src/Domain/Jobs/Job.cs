namespace Hsi.Domain.Jobs;

/// <summary>Write-side state of a <c>job:&lt;uuid&gt;</c> stream; immutable, rebuilt from its events.</summary>
public sealed record Job(Guid JobId, string Kind, JobStatus Status, int Progress, int Attempts)
{
    public bool Finished => Status is JobStatus.Completed or JobStatus.Failed;

    public static Job? Fold(IEnumerable<object> events) => events.Aggregate((Job?)null, Apply);

    public static Job? Apply(Job? state, object e) => e switch
    {
        JobQueued x => new Job(x.JobId, x.Kind, JobStatus.Queued, 0, 0),
        JobStarted x when state is not null => state with { Status = JobStatus.Running, Attempts = x.Attempt },
        JobProgressed x when state is not null => state with { Progress = x.Percent },
        JobCompleted when state is not null => state with { Status = JobStatus.Completed, Progress = 100 },
        JobFailed when state is not null => state with { Status = JobStatus.Failed },
        JobRequeued when state is not null => state with { Status = JobStatus.Queued, Progress = 0 },
        _ => state,
    };
}
