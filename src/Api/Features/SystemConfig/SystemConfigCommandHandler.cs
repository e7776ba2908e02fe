using Hsi.Domain.Common;
using Hsi.Domain.SystemConfig;
using JasperFx;
using JasperFx.Events;
using Marten;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Hsi.Api.Features.SystemConfig;

/// <summary>What a configuration change came to: nothing to report, or why it was refused.</summary>
public sealed record SystemConfigOutcome(DomainError? Error);

/// <summary>
/// The <c>config:system</c> stream: load the settings in force (environment plus the stream's
/// changes), decide, append with the version read. Wolverine's middleware commits, and the inline
/// projections update the config and history views in the same transaction.
/// </summary>
public static class SystemConfigCommandHandler
{
    /// <summary>Two PATCHes at once: the loser reads again and decides again.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>()
            .Or<Marten.Exceptions.ExistingStreamIdCollisionException>()
            .RetryTimes(5);

    public static async Task<SystemConfigOutcome> Handle(
        ChangeSystemConfig cmd, IDocumentSession session, LiveSystemConfig live, TimeProvider clock, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.SystemConfig, token: ct);
        var current = live.Defaults.With(events.Select(e => e.Data).OfType<SystemConfigChanged>().SelectMany(e => e.Changes));
        var decision = SystemConfigDecisions.Change(cmd, current, clock.GetUtcNow());
        if (!decision.Succeeded) return new(decision.Error);
        if (decision.Events.Count == 0) return new((DomainError?)null);
        if (events.Count == 0) session.Events.StartStream(StreamKeys.SystemConfig, [.. decision.Events]);
        else session.Events.Append(StreamKeys.SystemConfig, events[^1].Version + decision.Events.Count, [.. decision.Events]);
        return new((DomainError?)null);
    }
}
