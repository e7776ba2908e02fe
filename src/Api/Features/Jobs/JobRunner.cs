using System.Text.Json;
using System.Threading.Channels;
using Hsi.Domain.Jobs;
using Hsi.Projections.EventStore;
using Hsi.Projections.Jobs;
using JasperFx;
using Npgsql;

namespace Hsi.Api.Features.Jobs;

/// <summary>
/// Runs jobs in the background, JOBS_MAX_CONCURRENT at a time, off the request that started them, so a
/// client may go away. A job is event-sourced (stream <c>job:&lt;uuid&gt;</c>), so its status outlives the
/// process; a running job holds a PostgreSQL advisory lock on its own connection, which the database
/// drops with the process. At start-up every unfinished job whose lock is free was left behind by an
/// ended process: it runs again if its kind allows, else it is failed "interrupted by a restart".
/// Several nodes: each runs the jobs it started, and any node's start-up recovers what ended ones left.
/// </summary>
public sealed class JobRunner(
    IDocumentStore store, IEnumerable<IJobKind> kinds, NpgsqlDataSource database, HsiSettings settings,
    JobActivity activity, TimeProvider clock, ILogger<JobRunner> logger) : BackgroundService, IJobScheduler
{
    public const string StoppedReason = "interrupted: the API stopped while it ran";

    private readonly Dictionary<string, IJobKind> _kinds = kinds.ToDictionary(k => k.Kind);
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

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
        _queue.Writer.TryWrite(jobId);
        return jobId;
    }

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
        await Task.WhenAll(Enumerable.Range(0, settings.JobsMaxConcurrent).Select(_ => Task.Run(() => WorkAsync(stopping), CancellationToken.None)));
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var jobId in _queue.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    await RunAsync(jobId, stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    logger.LogError(ex, "Job {JobId} could not be run", jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The API is stopping; queued jobs stay queued and the next start runs them.
        }
    }

    private async Task RunAsync(Guid jobId, CancellationToken stopping)
    {
        await using var hold = await JobLock.TryTakeAsync(database, jobId, stopping);
        if (hold is null) return;
        var job = await LoadAsync(jobId, stopping);
        if (job?.State.Status != JobStatus.Queued) return;
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

    /// <summary>Unfinished jobs nobody holds: failed or queued again, and those queued put on this node's queue.</summary>
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
            {
                if (hold is null) continue;
                var job = await LoadAsync(jobId, ct);
                if (job is null) continue;
                if (job.State.Status == JobStatus.Running)
                {
                    var resumes = _kinds.TryGetValue(job.Kind, out var kind) && kind.ResumesAfterRestart;
                    logger.LogWarning("Job {JobId} ({Kind}) was left running by an ended process; {Action}", jobId, job.Kind, resumes ? "running it again" : "failing it");
                    await job.RecoverAsync(resumes);
                }
                if (job.State.Status != JobStatus.Queued) continue;
            }
            _queue.Writer.TryWrite(jobId);
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
/// A session-level advisory lock named by a job: held on its own connection for as long as a runner
/// holds the job, and dropped by PostgreSQL when that connection (or the whole process) goes away.
/// </summary>
internal sealed class JobLock : IAsyncDisposable
{
    /// <summary>"HSIJ": the first key of the two-key form, so job locks cannot meet anyone else's.</summary>
    private const int Space = 0x48534A4A;

    private readonly NpgsqlConnection _connection;
    private readonly int _key;

    private JobLock(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    public static async Task<JobLock?> TryTakeAsync(NpgsqlDataSource database, Guid jobId, CancellationToken ct)
    {
        var key = KeyOf(jobId);
        var connection = await database.OpenConnectionAsync(ct);
        await using var take = new NpgsqlCommand("select pg_try_advisory_lock($1, $2)", connection) { Parameters = { new() { Value = Space }, new() { Value = key } } };
        if (await take.ExecuteScalarAsync(ct) is true) return new JobLock(connection, key);
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// 32 bits of the id: two jobs may share a key (one in four billion), and then merely wait for each
    /// other's lock, which makes the later one run at the next start rather than twice.
    /// </summary>
    private static int KeyOf(Guid jobId) => BitConverter.ToInt32(jobId.ToByteArray(), 12);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock($1, $2)", _connection) { Parameters = { new() { Value = Space }, new() { Value = _key } } };
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
