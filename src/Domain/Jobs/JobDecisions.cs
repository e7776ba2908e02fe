using System.Text.Json;
using Hsi.Domain.Common;

namespace Hsi.Domain.Jobs;

/// <summary>Pure deciders for a job's stream: what may be recorded in which state.</summary>
public static class JobDecisions
{
    public static readonly string[] LogLevels = ["debug", "info", "warning", "error"];

    /// <summary>The reason a job left unfinished by an ended process is failed with.</summary>
    public const string InterruptedReason = "interrupted by a restart";

    public static Decision Queue(Guid jobId, string kind, JsonElement parameters, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(kind)
            ? Decision.Refuse(ErrorKind.Invalid, "a job needs a kind", "kind")
            : Decision.Of(new JobQueued(jobId, kind, parameters, now));

    public static Decision Start(Job? state, DateTimeOffset now) => state switch
    {
        null => Unknown(),
        { Status: JobStatus.Queued } => Decision.Of(new JobStarted(state.JobId, state.Attempts + 1, now)),
        _ => Decision.Refuse(ErrorKind.Conflict, $"job {state.JobId} is {Name(state.Status)}, not queued"),
    };

    /// <summary>Progress is clamped to 0–100 and never goes back; the same figure again without a message records nothing.</summary>
    public static Decision Progress(Job? state, int percent, string? message, DateTimeOffset now)
    {
        if (Running(state) is { } refused) return refused;
        var clamped = Math.Max(state!.Progress, Math.Clamp(percent, 0, 100));
        return clamped == state.Progress && message is null
            ? Decision.Of()
            : Decision.Of(new JobProgressed(state.JobId, clamped, message, now));
    }

    public static Decision Log(Job? state, string level, string message, JsonElement? context, DateTimeOffset now)
    {
        if (Running(state) is { } refused) return refused;
        if (!LogLevels.Contains(level)) return Decision.Refuse(ErrorKind.Invalid, $"level must be one of {string.Join(", ", LogLevels)}", "level");
        return Decision.Of(new JobLogged(state!.JobId, level, message, context, now));
    }

    public static Decision Complete(Job? state, string message, JsonElement? result, string? resultUrl, DateTimeOffset now) =>
        Running(state) ?? Decision.Of(new JobCompleted(state!.JobId, message, result, resultUrl, now));

    /// <summary>A job fails once, from any unfinished state (a queued job can fail before it starts).</summary>
    public static Decision Fail(Job? state, string reason, DateTimeOffset now) => state switch
    {
        null => Unknown(),
        { Finished: true } => Decision.Refuse(ErrorKind.Conflict, $"job {state.JobId} is already {Name(state.Status)}"),
        _ => Decision.Of(new JobFailed(state.JobId, reason, now)),
    };

    /// <summary>A running job whose run was cut short and may run again from the start.</summary>
    public static Decision Requeue(Job? state, string reason, DateTimeOffset now) =>
        Running(state) ?? Decision.Of(new JobRequeued(state!.JobId, reason, now));

    /// <summary>
    /// A job the process that ran it left unfinished: queued again when its kind can simply run again,
    /// failed with <see cref="InterruptedReason"/> otherwise — never left running. A queued job that never
    /// started just waits to run.
    /// </summary>
    public static Decision Recover(Job? state, bool kindResumes, DateTimeOffset now) => state switch
    {
        null => Unknown(),
        { Finished: true } or { Status: JobStatus.Queued } => Decision.Of(),
        _ when kindResumes => Decision.Of(new JobRequeued(state.JobId, InterruptedReason, now)),
        _ => Decision.Of(new JobFailed(state.JobId, InterruptedReason, now)),
    };

    private static Decision? Running(Job? state) => state switch
    {
        null => Unknown(),
        { Status: JobStatus.Running } => null,
        _ => Decision.Refuse(ErrorKind.Conflict, $"job {state.JobId} is {Name(state.Status)}, not running"),
    };

    private static Decision Unknown() => Decision.Refuse(ErrorKind.NotFound, "job not found");

    private static string Name(JobStatus status) => status.ToString().ToLowerInvariant();
}
