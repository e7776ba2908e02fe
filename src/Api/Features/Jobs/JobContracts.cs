using System.Text.Json;

namespace Hsi.Api.Features.Jobs;

/// <summary>
/// One kind of long work (a risk replay, a re-detection, a projection rebuild, a large export) that runs as a job:
/// registered in DI as <see cref="IJobKind"/>, started through <see cref="IJobScheduler"/>, watched through
/// <c>GET /api/jobs/{job_id}</c> and <c>/ws/jobs/{job_id}/logs</c>.
/// </summary>
public interface IJobKind
{
    /// <summary>The name recorded with the job, snake_case (<c>risk_replay</c>, <c>redetect</c>, <c>projection_rebuild</c>).</summary>
    string Kind { get; }

    /// <summary>Does the work. Throwing marks the job failed with the exception's message; cancellation means the API is stopping.</summary>
    Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct);

    /// <summary>
    /// Whether a run that a stop or a crash cut short may simply run again from the start (a rebuild can;
    /// a replay that appends decisions should not). Otherwise such a job is failed "interrupted by a restart".
    /// </summary>
    bool ResumesAfterRestart => false;
}

/// <summary>
/// What a finished job reports: a one-line message, where it has one a JSON-serializable result served with
/// the job, and where a result is too large for that (an export file) the link it is fetched from.
/// </summary>
public sealed record JobOutcome(string Message, object? Result = null, string? ResultUrl = null);

/// <summary>What a running job sees of itself: its parameters, a log that every watcher receives, and its progress.</summary>
public abstract class JobContext
{
    public abstract Guid JobId { get; }
    public abstract string Kind { get; }

    /// <summary>The parameters the job was started with, as stored.</summary>
    public abstract JsonElement Parameters { get; }

    public T ParametersAs<T>() => Parameters.Deserialize<T>(Http.JsonDefaults.Options)
        ?? throw new InvalidOperationException($"Job {JobId} has no parameters");

    /// <summary>Appends a log line (level: debug, info, warning, error) that watchers see, also those who connect later.</summary>
    public abstract Task LogAsync(string level, string message, object? context = null);

    /// <summary>Progress 0–100 with an optional status message.</summary>
    public abstract Task ReportProgressAsync(int percent, string? message = null);
}

public interface IJobScheduler
{
    /// <summary>Records a queued job and starts it in the background; returns its id at once (for a 202). An unknown kind throws.</summary>
    Task<Guid> StartAsync(string kind, object parameters, CancellationToken ct);
}
