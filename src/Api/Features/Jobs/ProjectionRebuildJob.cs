using System.Diagnostics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;

namespace Hsi.Api.Features.Jobs;

/// <summary>Which projection to rebuild, by Marten's projection name.</summary>
public sealed record ProjectionRebuildParameters(string Projection);

/// <summary>What a finished rebuild reports.</summary>
public sealed record ProjectionRebuildResult(string Projection, long Events, double Seconds, double EventsPerSecond);

/// <summary>
/// <c>projection_rebuild</c>: tears a projection's documents down and replays every event through Marten's
/// projection daemon, logging the share of events processed as it goes. An inline projection is rebuilt by a
/// daemon of its own (the hosted one never runs inline projections); an async one by the hosted daemon, which
/// stops its running shard for the rebuild and starts it again after. A rebuild cut short simply runs again.
/// </summary>
public sealed class ProjectionRebuildJob(IDocumentStore store, IProjectionCoordinator coordinator, TimeProvider clock) : IJobKind
{
    public const string Name = "projection_rebuild";

    /// <summary>How long one shard may take before the daemon gives up on it.</summary>
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromHours(2);

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    public string Kind => Name;
    public bool ResumesAfterRestart => true;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var projection = job.ParametersAs<ProjectionRebuildParameters>().Projection;
        var source = ((DocumentStore)store).Options.Projections.All.FirstOrDefault(p => p.Name == projection)
            ?? throw new InvalidOperationException($"there is no projection {projection}");
        var events = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        await job.LogAsync("info", $"Rebuilding {projection} ({source.Lifecycle.ToString().ToLowerInvariant()}) over {events} events",
            new { projection, events, lifecycle = source.Lifecycle.ToString().ToLowerInvariant() });

        var started = Stopwatch.GetTimestamp();
        IProjectionDaemon? own = null;
        try
        {
            var daemon = source.Lifecycle == ProjectionLifecycle.Async && coordinator.DaemonForMainDatabase() is { IsRunning: true } hosted
                ? hosted
                : own = await store.BuildProjectionDaemonAsync();
            var rebuild = daemon.RebuildProjectionAsync(projection, ShardTimeout, ct);
            var reported = -1;
            while (!rebuild.IsCompleted)
            {
                await Task.WhenAny(rebuild, Task.Delay(ProgressEvery, clock, ct));
                if (rebuild.IsCompleted || events == 0) break;
                var position = await PositionAsync(projection, ct);
                var percent = (int)Math.Clamp(position * 100 / events, 0, 99);
                if (percent == reported) continue;
                reported = percent;
                await job.ReportProgressAsync(percent, $"{position} of {events} events");
                await job.LogAsync("info", $"{projection}: {position} of {events} events ({percent}%)", new { projection, position, events, percent });
            }
            await rebuild;
        }
        finally
        {
            own?.Dispose();
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var perSecond = seconds > 0 ? Math.Round(events / seconds) : 0;
        await job.ReportProgressAsync(100, $"{events} of {events} events");
        await job.LogAsync("info", $"{projection}: rebuilt from {events} events in {seconds:0.0} s ({perSecond} events/s)",
            new { projection, events, seconds, events_per_second = perSecond });
        return new JobOutcome($"Rebuilt {projection} from {events} events", new ProjectionRebuildResult(projection, events, Math.Round(seconds, 3), perSecond));
    }

    private async Task<long> PositionAsync(string projection, CancellationToken ct) =>
        (await store.Advanced.AllProjectionProgress(token: ct))
            .Where(s => s.ShardName.StartsWith(projection + ":", StringComparison.Ordinal))
            .Select(s => s.Sequence)
            .DefaultIfEmpty(0)
            .Min();
}
