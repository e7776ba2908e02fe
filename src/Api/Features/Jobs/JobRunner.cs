using System.Text.Json;
using Hsi.Api.Infrastructure;
using Hsi.Domain.Jobs;
using Hsi.Projections.EventStore;
using Hsi.Projections.Jobs;
using JasperFx;
using Npgsql;

namespace Hsi.Api.Features.Jobs;

/// <summary>
/// Runs jobs in the background, off the request that started them, so a client may go away. A job is event-sourced
/// (stream <c>job:&lt;uuid&gt;</c>) and run by a durable Wolverine message (<see cref="RunJob"/>): on one node a local
/// queue, in a cluster a PostgreSQL queue the API nodes share, so a job whose node dies is taken over by another once
/// Wolverine sees that node gone. A running job holds a PostgreSQL advisory lock on its own connection (dropped with
/// the process), and one of JOBS_MAX_CONCURRENT slot locks: that many run at once in the whole cluster, the rest wait
/// queued. A job found running whose lock is free was left by an ended process: it runs again if its kind allows, else
/// it is failed "interrupted by a restart".
/// </summary>
public sealed class JobRunner(
    IDocumentStore store, IEnumerable<IJobKind> kinds, NpgsqlDataSource database, HsiSettings settings, CommandSender bus,
    JobActivity activity, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<JobRunner> logger) : BackgroundService, IJobScheduler
{
    public const string StoppedReason = "interrupted: the API stopped while it ran";

    /// <summary>How often a job waiting for a free slot looks again.</summary>
    private static readonly TimeSpan SlotPollEvery = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, IJobKind> _kinds = kinds.ToDictionary(k => k.Kind);

    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    public async Task<Guid> StartAsync(string kind, object parameters, CancellationToken ct)
    {
        if (!_kinds.ContainsKey(kind)) throw new ArgumentException($"no job kind '{kind}' is registered", nameof(kind));
        var jobId = Guid.CreateVersion7(clock.GetUtcNow());
        var decision = JobDecisions.Queue(jobId, kind, JsonSerializer.SerializeToElement(parameters, JsonDefaults.Options), clock.GetUtcNow());
        if (decision.Error is { } refused) throw new ArgumentException(refused.Message, nameof(kind));
        await using (var session = store.LightweightSession())
        {
            session.Append(StreamRead<Job>.New(StreamKeys.Job(jobId)), decision);
            await session.SaveChangesAsync(ct);
        }
        // Queued on record first: should the process end before this, the next start's recovery sends it.
        await bus.PublishAsync(new RunJob(jobId));
        return jobId;
    }

    /// <summary>At start-up: every unfinished job nobody holds is sent to run (or to be recovered) again.</summary>
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            await RecoverAsync(stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not look for jobs left unfinished by an earlier process");
        }
    }

    /// <summary>Runs a job once a slot is free, unless another runner holds it or it is no longer queued (<see cref="RunJobHandler"/>).</summary>
    public async Task RunAsync(Guid jobId, CancellationToken handling)
    {
        // Stopped as soon as the API begins to stop: Wolverine would otherwise wait for the job before it lets go.
        using var stoppingSource = CancellationTokenSource.CreateLinkedTokenSource(handling, lifetime.ApplicationStopping);
        var stopping = stoppingSource.Token;
        await using var slot = await JobSlot.TakeAsync(database, settings.JobsMaxConcurrent, SlotPollEvery, stopping);
        await using var hold = await JobLock.TryTakeAsync(database, jobId, stopping);
        if (hold is null) return;
        var job = await LoadAsync(jobId, stopping);
        if (job is null) return;
        if (job.State.Status == JobStatus.Running)
        {
            var resumes = _kinds.TryGetValue(job.Kind, out var left) && left.ResumesAfterRestart;
            logger.LogWarning("Job {JobId} ({Kind}) was left running by an ended process; {Action}", jobId, job.Kind, resumes ? "running it again" : "failing it");
            await job.RecoverAsync(resumes);
        }
        if (job.State.Status != JobStatus.Queued) return;
        if (!_kinds.TryGetValue(job.Kind, out var kind))
        {
            await job.FailAsync($"this API has no job kind '{job.Kind}'");
            return;
        }
        await job.StartAsync();
        try
        {
            var outcome = await kind.RunAsync(job, stopping);
            await job.CompleteAsync(outcome);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            if (kind.ResumesAfterRestart) await job.RequeueAsync(StoppedReason);
            else await job.FailAsync(StoppedReason);
        }
        catch (Exception ex) when (job.State.Status == JobStatus.Running)
        {
            logger.LogWarning(ex, "Job {JobId} ({Kind}) failed", jobId, job.Kind);
            await job.FailAsync(ex.Message);
        }
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var unfinished = await query.Query<JobView>()
            .Where(j => j.Status == JobStatus.Queued || j.Status == JobStatus.Running)
            .OrderBy(j => j.CreatedAt)
            .Select(j => j.Id)
            .ToListAsync(ct);
        foreach (var jobId in unfinished)
        {
            await using (var hold = await JobLock.TryTakeAsync(database, jobId, ct))
                if (hold is null) continue;
            await bus.PublishAsync(new RunJob(jobId));
        }
    }

    private async Task<RunningJob?> LoadAsync(Guid jobId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var job = await query.ReadStreamAsync<Job>(StreamKeys.Job(jobId), ct);
        return job.State is null ? null : new RunningJob(store, activity, clock, logger, job);
    }
}

/// <summary>
/// One of JOBS_MAX_CONCURRENT session locks: whoever holds one may run a job, on whichever node. PostgreSQL drops it
/// with its connection, so a dead node's slot frees itself.
/// </summary>
internal static class JobSlot
{
    /// <summary>"HSIS": the first key of the two-key form, apart from the jobs' own locks.</summary>
    private const int Space = 0x48534953;

    public static async Task<SessionLock> TakeAsync(NpgsqlDataSource database, int slots, TimeSpan pollEvery, CancellationToken ct)
    {
        while (true)
        {
            for (var slot = 0; slot < slots; slot++)
                if (await SessionLock.TryTakeAsync(database, Space, slot, ct) is { } held) return held;
            await Task.Delay(pollEvery, ct);
        }
    }
}

/// <summary>A job's own session lock: held for as long as a runner holds the job.</summary>
internal static class JobLock
{
    /// <summary>"HSIJ": the first key of the two-key form, so job locks cannot meet anyone else's.</summary>
    private const int Space = 0x48534A4A;

    public static Task<SessionLock?> TryTakeAsync(NpgsqlDataSource database, Guid jobId, CancellationToken ct) =>
        SessionLock.TryTakeAsync(database, Space, KeyOf(jobId), ct);

    /// <summary>
    /// 32 bits of the id: two jobs may share a key (one in four billion), and then merely wait for each
    /// other's lock, which makes the later one run at the next start rather than twice.
    /// </summary>
    private static int KeyOf(Guid jobId) => BitConverter.ToInt32(jobId.ToByteArray(), 12);
}
