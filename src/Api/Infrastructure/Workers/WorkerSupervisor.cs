using Hsi.Api.Features.Operations.Health;

namespace Hsi.Api.Infrastructure.Workers;

/// <summary>A worker as the supervisor sees it: <c>running|stopped|crashed|restarting|failed</c>, and its restarts.</summary>
public sealed record WorkerReport(
    string Name, string Status, int RestartCount, int MaxRestarts, DateTimeOffset? LastStartedAt, DateTimeOffset? LastCrashedAt, string? Error);

/// <summary>
/// Watches this node's supervised workers every second. A worker whose run crashed is <c>crashed</c> and is
/// restarted after 1 s, 2 s, 4 s… (at most a minute); after <see cref="ISupervisedWorker.MaxRestarts"/> restarts
/// in a row it is <c>failed</c> and left alone until an operator restarts it. Every restart, asked for or not,
/// goes into <see cref="HealthHistory"/>.
/// </summary>
public sealed class WorkerSupervisor(IEnumerable<ISupervisedWorker> workers, HealthHistory history, TimeProvider clock, ILogger<WorkerSupervisor> logger)
    : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private sealed class State
    {
        public readonly SemaphoreSlim Turn = new(1, 1);
        public int RestartCount;
        public int CrashesInARow;
        public Task? CrashedRun;
        public DateTimeOffset? LastCrashedAt;
        public DateTimeOffset? RestartAt;
        public string? Error;
        public bool Restarting;
        public bool Failed;
    }

    public enum RestartOutcome { Restarted, UnknownWorker, NotOnThisNode }

    private readonly IReadOnlyDictionary<string, ISupervisedWorker> _workers = workers.ToDictionary(w => w.Name, StringComparer.Ordinal);
    private readonly Dictionary<string, State> _states = workers.ToDictionary(w => w.Name, _ => new State(), StringComparer.Ordinal);

    public IReadOnlyList<WorkerReport> Reports() =>
        [.. _workers.Values.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => ReportOf(w, _states[w.Name]))];

    private static WorkerReport ReportOf(ISupervisedWorker worker, State state)
    {
        var run = worker.Run;
        var status = state.Failed ? "failed"
            : state.Restarting ? "restarting"
            : run is { IsFaulted: true } || state.RestartAt is not null ? "crashed"
            : run is { IsCompleted: false } ? "running"
            : "stopped";
        return new(worker.Name, status, state.RestartCount, worker.MaxRestarts, worker.StartedAt, state.LastCrashedAt, state.Error);
    }

    /// <summary>An operator's restart: stops and starts the worker, and gives a failed one its restarts back.</summary>
    public async Task<RestartOutcome> RestartAsync(string name, CancellationToken ct)
    {
        if (!_workers.TryGetValue(name, out var worker)) return RestartOutcome.UnknownWorker;
        var state = _states[name];
        // A singular worker (the folder watcher) that another node holds is not this node's to start.
        if (worker.Run is null) return RestartOutcome.NotOnThisNode;
        await RestartAsync(worker, state, "restarted by an operator", ct);
        state.CrashesInARow = 0;
        state.Failed = false;
        return RestartOutcome.Restarted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var worker in _workers.Values)
            {
                try
                {
                    await SuperviseAsync(worker, _states[worker.Name], stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Supervising worker {Worker} failed", worker.Name);
                }
            }
            await Task.Delay(CheckEvery, clock, stoppingToken);
        }
    }

    private async Task SuperviseAsync(ISupervisedWorker worker, State state, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (worker.Run is { IsFaulted: true } run && !ReferenceEquals(run, state.CrashedRun) && !state.Restarting)
        {
            state.CrashedRun = run;
            state.LastCrashedAt = now;
            state.Error = run.Exception!.GetBaseException().Message;
            state.CrashesInARow++;
            logger.LogError(run.Exception.GetBaseException(), "Worker {Worker} crashed ({Crashes} in a row)", worker.Name, state.CrashesInARow);
            history.Record(worker.Name, "failure", $"Worker crashed: {state.Error}");
            if (state.CrashesInARow > worker.MaxRestarts)
            {
                state.Failed = true;
                state.RestartAt = null;
                history.Record(worker.Name, "failure", $"Worker failed: {worker.MaxRestarts} restarts did not keep it running");
                return;
            }
            var backoff = TimeSpan.FromSeconds(Math.Pow(2, state.CrashesInARow - 1));
            state.RestartAt = now + (backoff < MaxBackoff ? backoff : MaxBackoff);
        }
        if (state.RestartAt is { } due && now >= due && !state.Failed)
            await RestartAsync(worker, state, $"restarted after a crash (restart {state.CrashesInARow} of {worker.MaxRestarts})", ct);
    }

    private async Task RestartAsync(ISupervisedWorker worker, State state, string why, CancellationToken ct)
    {
        await state.Turn.WaitAsync(ct);
        try
        {
            state.Restarting = true;
            await worker.StopAsync(ct);
            // A BackgroundService's run stops when the token it was started with is cancelled: not a request's, nor the supervisor's.
            await worker.StartAsync(CancellationToken.None);
            state.RestartCount++;
            state.RestartAt = null;
            logger.LogWarning("Worker {Worker} {Why}", worker.Name, why);
            history.Record(worker.Name, "restart", $"Worker {why}");
        }
        finally
        {
            state.Restarting = false;
            state.Turn.Release();
        }
    }
}
