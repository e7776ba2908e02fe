using Hsi.Domain.Jobs;

namespace Hsi.Projections.Jobs;

/// <summary>The one writer of <see cref="JobView"/>: every event of a <c>job:&lt;uuid&gt;</c> stream but its log lines.</summary>
public partial class JobViewProjection : MultiStreamProjection<JobView, Guid>
{
    public JobViewProjection()
    {
        Identity<JobQueued>(e => e.JobId);
        Identity<JobStarted>(e => e.JobId);
        Identity<JobProgressed>(e => e.JobId);
        Identity<JobCompleted>(e => e.JobId);
        Identity<JobFailed>(e => e.JobId);
        Identity<JobRequeued>(e => e.JobId);
    }

    public void Apply(JobQueued e, JobView view)
    {
        view.Id = e.JobId;
        view.Kind = e.Kind;
        view.Parameters = e.Parameters;
        view.Status = JobStatus.Queued;
        view.CreatedAt = e.At;
    }

    public void Apply(JobStarted e, JobView view)
    {
        view.Status = JobStatus.Running;
        view.Attempts = e.Attempt;
        view.StartedAt = e.At;
    }

    public void Apply(JobProgressed e, JobView view)
    {
        view.Progress = e.Percent;
        if (e.Message is not null) view.Message = e.Message;
    }

    public void Apply(JobCompleted e, JobView view)
    {
        view.Status = JobStatus.Completed;
        view.Progress = 100;
        view.Message = e.Message;
        view.Result = e.Result;
        view.ResultUrl = e.ResultUrl;
        view.CompletedAt = e.At;
    }

    public void Apply(JobFailed e, JobView view)
    {
        view.Status = JobStatus.Failed;
        view.Message = e.Reason;
        view.Error = e.Reason;
        view.CompletedAt = e.At;
    }

    public void Apply(JobRequeued e, JobView view)
    {
        view.Status = JobStatus.Queued;
        view.Progress = 0;
        view.Message = $"queued again: {e.Reason}";
    }
}
