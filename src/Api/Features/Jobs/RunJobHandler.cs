using Wolverine.Runtime.Handlers;

namespace Hsi.Api.Features.Jobs;

/// <summary>Run job <paramref name="JobId"/> (queued on its stream), or recover it if its runner died.</summary>
public sealed record RunJob(Guid JobId);

public static class RunJobHandler
{
    /// <summary>Rebuilds and replays run for as long as they need; Wolverine would otherwise cancel a handler after a minute.</summary>
    public static void Configure(HandlerChain chain) => chain.ExecutionTimeoutInSeconds = (int)TimeSpan.FromDays(7).TotalSeconds;

    public static Task Handle(RunJob message, JobRunner runner, CancellationToken ct) => runner.RunAsync(message.JobId, ct);
}
