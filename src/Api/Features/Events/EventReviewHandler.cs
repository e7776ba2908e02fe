using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Marten;

namespace Hsi.Api.Features.Events;

/// <summary>A review of an event at the version the client last saw (null: whatever is current).</summary>
public sealed record ReviewEventAtVersion(ReviewEvent Review, long? ExpectedVersion);

/// <summary>What a review came to: the stream version after it, the version a stale client lost against, or a refusal.</summary>
public sealed record ReviewOutcome(long? Version, long? CurrentVersion, DomainError? Error);

/// <summary>
/// Load, decide, append with an explicit expected version: a stale client version is answered
/// with the current one before anything is decided, and a concurrent review that wins the race
/// makes this append fail at commit (the endpoint answers 409 with the version then current).
/// Marten's FetchForWriting is not used: it requires the aggregate's id to be the stream key's
/// type (a string here), while a security event is identified by its integer id.
/// </summary>
public static class EventReviewHandler
{
    public static async Task<ReviewOutcome> Handle(ReviewEventAtVersion cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var key = StreamKeys.SecurityEvent(cmd.Review.EventId);
        var events = await session.Events.FetchStreamAsync(key, token: ct);
        var version = events.Count == 0 ? 0 : events[^1].Version;
        var state = SecurityEvent.Fold(events.Select(e => e.Data));
        if (state is not null && cmd.ExpectedVersion is { } expected && expected != version) return new ReviewOutcome(null, version, null);

        var decision = SecurityEventDecisions.Review(cmd.Review, state, clock.GetUtcNow());
        if (decision.Error is { } error) return new ReviewOutcome(null, null, error);
        if (decision.Events.Count > 0) session.Events.Append(key, version + decision.Events.Count, [.. decision.Events]);
        if (decision.Events.OfType<EventReviewed>().Any(e => e.Reviewed)) Inference.PipelineMetrics.EventsReviewed.Inc();
        return new ReviewOutcome(version + decision.Events.Count, null, null);
    }
}
