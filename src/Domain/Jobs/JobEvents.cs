using System.Text.Json;

namespace Hsi.Domain.Jobs;

/// <summary>Where a job stands: recorded, doing its work, or finished one way or the other.</summary>
public enum JobStatus { Queued, Running, Completed, Failed }

/// <summary>Someone asked for long work (a replay, a rebuild, an export); it waits for a free runner.</summary>
public record JobQueued(Guid JobId, string Kind, JsonElement Parameters, DateTimeOffset At);

/// <summary>A runner took the job up; <see cref="Attempt"/> counts from 1 and grows when a restart resumes it.</summary>
public record JobStarted(Guid JobId, int Attempt, DateTimeOffset At);

/// <summary>The work reported how far it got (0–100) and, optionally, what it is doing.</summary>
public record JobProgressed(Guid JobId, int Percent, string? Message, DateTimeOffset At);

/// <summary>A log line every watcher of the job sees (level: debug, info, warning, error).</summary>
public record JobLogged(Guid JobId, string Level, string Message, JsonElement? Context, DateTimeOffset At);

/// <summary>The work finished: a one-line message, its result where it has one, and where to fetch a larger one.</summary>
public record JobCompleted(Guid JobId, string Message, JsonElement? Result, string? ResultUrl, DateTimeOffset At);

/// <summary>The work ended without finishing, and why.</summary>
public record JobFailed(Guid JobId, string Reason, DateTimeOffset At);

/// <summary>The process running the job ended before it; the job waits to run again from the start.</summary>
public record JobRequeued(Guid JobId, string Reason, DateTimeOffset At);
