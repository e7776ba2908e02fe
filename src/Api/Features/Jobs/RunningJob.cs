using System.Text.Json;
using Hsi.Domain.Jobs;
using Hsi.Projections.EventStore;

namespace Hsi.Api.Features.Jobs;

/// <summary>
/// A job while a runner holds it: every log line, progress figure and the outcome is decided on the state
/// the runner holds and appended to the job's stream with the version it expects, so a job another node
/// has recovered meanwhile makes the append fail instead of writing over it.
/// </summary>
internal sealed class RunningJob(IDocumentStore store, JobActivity activity, TimeProvider clock, ILogger logger, StreamRead<Job> job)
    : JobContext
{
    private readonly SemaphoreSlim _recording = new(1, 1);
    private StreamRead<Job> _job = job;

    public override Guid JobId => State.JobId;
    public override string Kind => State.Kind;
    public override JsonElement Parameters => State.Parameters;

    public Job State => _job.State!;

    public override Task LogAsync(string level, string message, object? context = null)
    {
        var data = context is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(context, JsonDefaults.Options);
        logger.Log(LevelOf(level), "Job {JobId} ({Kind}): {Message}", JobId, Kind, message);
        return RecordAsync(s => JobDecisions.Log(s, level, message, data, clock.GetUtcNow()));
    }

    public override Task ReportProgressAsync(int percent, string? message = null) =>
        RecordAsync(s => JobDecisions.Progress(s, percent, message, clock.GetUtcNow()));

    public Task StartAsync() => RecordAsync(s => JobDecisions.Start(s, clock.GetUtcNow()));

    public Task CompleteAsync(JobOutcome outcome)
    {
        var result = outcome.Result is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(outcome.Result, JsonDefaults.Options);
        return RecordAsync(s => JobDecisions.Complete(s, outcome.Message, result, outcome.ResultUrl, clock.GetUtcNow()));
    }

    public Task FailAsync(string reason) => RecordAsync(s => JobDecisions.Fail(s, reason, clock.GetUtcNow()));

    /// <summary>A job an ended process left running: queued again when its kind allows, else failed.</summary>
    public Task RecoverAsync(bool kindResumes) => RecordAsync(s => JobDecisions.Recover(s, kindResumes, clock.GetUtcNow()));

    public Task RequeueAsync(string reason) => RecordAsync(s => JobDecisions.Requeue(s, reason, clock.GetUtcNow()));

    /// <summary>Records are written even while the API stops, so a job's end is never lost to the stop itself.</summary>
    private async Task RecordAsync(Func<Job, Decision> decide)
    {
        await _recording.WaitAsync();
        try
        {
            var decision = decide(State);
            if (decision.Error is { } refused) throw new InvalidOperationException(refused.Message);
            if (decision.Events.Count == 0) return;
            await using var session = store.LightweightSession();
            session.Append(_job, decision);
            await session.SaveChangesAsync(CancellationToken.None);
            _job = _job.Then(decision);
        }
        finally
        {
            _recording.Release();
        }
        activity.Recorded(JobId);
    }

    private static LogLevel LevelOf(string level) => level switch
    {
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
