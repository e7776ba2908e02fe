using System.Text.Json;
using Hsi.Domain.Common;
using Hsi.Domain.Jobs;

namespace Hsi.Domain.Tests.Jobs;

public class JobDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Job Queued = StreamFold.Fold<Job>([new JobQueued(Id, "projection_rebuild", JsonSerializer.SerializeToElement(new { }), Now)])!;
    private static readonly Job Running = Job.Evolve(Queued, new JobStarted(Id, 1, Now))!;
    private static readonly Job Completed = Job.Evolve(Running, new JobCompleted(Id, "done", null, null, Now))!;

    [Fact]
    public void Only_a_queued_job_starts_and_each_start_counts_an_attempt()
    {
        var started = Assert.IsType<JobStarted>(Assert.Single(JobDecisions.Start(Queued, Now).Events));
        Assert.Equal(1, started.Attempt);
        Assert.Equal(ErrorKind.Conflict, JobDecisions.Start(Running, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, JobDecisions.Start(null, Now).Error!.Kind);
        var again = Job.Evolve(Running, new JobRequeued(Id, "restart", Now))!;
        Assert.Equal(2, Assert.IsType<JobStarted>(Assert.Single(JobDecisions.Start(again, Now).Events)).Attempt);
    }

    [Fact]
    public void Progress_is_clamped_never_goes_back_and_a_repeat_records_nothing()
    {
        var at40 = Job.Evolve(Running, new JobProgressed(Id, 40, null, Now))!;
        Assert.Equal(100, Assert.IsType<JobProgressed>(Assert.Single(JobDecisions.Progress(at40, 250, null, Now).Events)).Percent);
        Assert.Empty(JobDecisions.Progress(at40, 10, null, Now).Events);
        Assert.Equal(40, Assert.IsType<JobProgressed>(Assert.Single(JobDecisions.Progress(at40, 10, "still going", Now).Events)).Percent);
        Assert.Equal(ErrorKind.Conflict, JobDecisions.Progress(Completed, 50, null, Now).Error!.Kind);
    }

    [Fact]
    public void Log_lines_need_a_known_level_and_a_running_job()
    {
        Assert.IsType<JobLogged>(Assert.Single(JobDecisions.Log(Running, "warning", "slow", null, Now).Events));
        Assert.Equal(ErrorKind.Invalid, JobDecisions.Log(Running, "loud", "x", null, Now).Error!.Kind);
        Assert.Equal(ErrorKind.Conflict, JobDecisions.Log(Queued, "info", "x", null, Now).Error!.Kind);
    }

    [Fact]
    public void A_finished_job_neither_fails_nor_completes_again()
    {
        Assert.Equal(ErrorKind.Conflict, JobDecisions.Fail(Completed, "late", Now).Error!.Kind);
        Assert.Equal(ErrorKind.Conflict, JobDecisions.Complete(Completed, "again", null, null, Now).Error!.Kind);
        Assert.IsType<JobFailed>(Assert.Single(JobDecisions.Fail(Queued, "no runner", Now).Events));
    }

    [Fact]
    public void Recovery_fails_or_requeues_a_running_job_and_leaves_the_others()
    {
        Assert.Equal(JobDecisions.InterruptedReason, Assert.IsType<JobFailed>(Assert.Single(JobDecisions.Recover(Running, kindResumes: false, Now).Events)).Reason);
        Assert.IsType<JobRequeued>(Assert.Single(JobDecisions.Recover(Running, kindResumes: true, Now).Events));
        Assert.Empty(JobDecisions.Recover(Queued, kindResumes: false, Now).Events);
        Assert.Empty(JobDecisions.Recover(Completed, kindResumes: false, Now).Events);
    }
}
