using System.Text.Json;
using Hsi.Domain.Common;

namespace Hsi.Domain.Jobs;

/// <summary>Write-side state of a <c>job:&lt;uuid&gt;</c> stream; immutable, rebuilt from its events.</summary>
public sealed record Job(Guid JobId, string Kind, JsonElement Parameters, JobStatus Status, int Progress, int Attempts) : IEvolving<Job>
{
    public bool Finished => Status is JobStatus.Completed or JobStatus.Failed;

    public static Job Create(JobQueued e) => new(e.JobId, e.Kind, e.Parameters, JobStatus.Queued, 0, 0);

    public static Job? Evolve(Job? state, object e) => e switch
    {
        JobQueued x => Create(x),
        JobStarted x when state is not null => state with { Status = JobStatus.Running, Attempts = x.Attempt },
        JobProgressed x when state is not null => state with { Progress = x.Percent },
        JobCompleted when state is not null => state with { Status = JobStatus.Completed, Progress = 100 },
        JobFailed when state is not null => state with { Status = JobStatus.Failed },
        JobRequeued when state is not null => state with { Status = JobStatus.Queued, Progress = 0 },
        _ => state,
    };
}
