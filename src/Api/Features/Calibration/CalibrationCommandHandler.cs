using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Calibration;
using JasperFx;
using JasperFx.Events;
using Marten;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Features.Calibration;

/// <summary>Put the thresholds back to the defaults; the feedback counters stay.</summary>
public sealed record ResetCalibration;

/// <summary>Start the calibration stream with the defaults if it has not started, so its view exists.</summary>
public sealed record EnsureCalibration;

/// <summary>What a calibration command came to: nothing to report, or why it was refused.</summary>
public sealed record CalibrationOutcome(DomainError? Error)
{
    public static readonly CalibrationOutcome Done = new((DomainError?)null);
}

/// <summary>
/// Wolverine handlers for the <c>calibration:default</c> stream: load state, decide, append with the
/// version read. The transaction (and the inline <see cref="CalibrationViewProjection"/>) is committed by
/// Wolverine's middleware.
/// </summary>
public static class CalibrationCommandHandler
{
    /// <summary>
    /// Every feedback moves the one calibration stream, so concurrent requests race for it: the loser
    /// reads again and decides again rather than failing. A first write racing another is a collision.
    /// </summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>()
            .Or<Marten.Exceptions.ExistingStreamIdCollisionException>()
            .RetryTimes(5);

    public static async Task<CalibrationOutcome> Handle(EnsureCalibration _, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (state, version) = await LoadAsync(session, clock, ct);
        if (version > 0) return CalibrationOutcome.Done;
        return Append(session, version, CalibrationDecisions.Change(new ChangeCalibration(null, null, null, null), state, clock.GetUtcNow()));
    }

    public static async Task<CalibrationOutcome> Handle(ChangeCalibration cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (state, version) = await LoadAsync(session, clock, ct);
        return Append(session, version, CalibrationDecisions.Change(cmd, state, clock.GetUtcNow()));
    }

    public static async Task<CalibrationOutcome> Handle(ResetCalibration _, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (state, version) = await LoadAsync(session, clock, ct);
        return Append(session, version, CalibrationDecisions.Reset(state, clock.GetUtcNow()));
    }

    /// <summary>
    /// The event records the feedback and the calibration moves by it, in one transaction: both
    /// appends carry the version read, so neither lands without the other.
    /// </summary>
    public static async Task<CalibrationOutcome> Handle(GiveFeedback cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var eventKey = StreamKeys.SecurityEvent(cmd.EventId);
        var eventStream = await session.Events.FetchStreamAsync(eventKey, token: ct);
        var feedback = SecurityEventDecisions.Feedback(cmd, SecurityEvent.Fold(eventStream.Select(e => e.Data)), now);
        if (feedback.Error is { } refused) return new(refused);

        var (state, version) = await LoadAsync(session, clock, ct);
        var given = feedback.Events.OfType<FeedbackGiven>().Single();
        var adjusted = CalibrationDecisions.ApplyFeedback(cmd.EventId, cmd.Kind, given.RiskScore, state, now);
        if (adjusted.Error is not null) return new(adjusted.Error);

        session.Events.Append(eventKey, eventStream[^1].Version + feedback.Events.Count, [.. feedback.Events]);
        return Append(session, version, adjusted);
    }

    private static CalibrationOutcome Append(IDocumentSession session, long version, Decision decision)
    {
        if (!decision.Succeeded) return new(decision.Error);
        var key = StreamKeys.Calibration(CalibrationState.DefaultUser);
        // A first write starts the stream (a concurrent start collides); later ones expect the version read.
        if (version == 0) session.Events.StartStream(key, [.. decision.Events]);
        else session.Events.Append(key, version + decision.Events.Count, [.. decision.Events]);
        return CalibrationOutcome.Done;
    }

    /// <summary>The calibration and its stream's version; a user who never calibrated has the defaults, at version 0.</summary>
    private static async Task<(CalibrationState State, long Version)> LoadAsync(IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.Calibration(CalibrationState.DefaultUser), token: ct);
        return events.Count == 0
            ? (CalibrationState.Initial(CalibrationState.DefaultUser, clock.GetUtcNow()), 0)
            : (CalibrationState.Fold(events.Select(e => e.Data))!, events[^1].Version);
    }
}
