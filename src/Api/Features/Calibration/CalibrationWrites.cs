using Hsi.Api.Infrastructure;
using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.EventStore;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Features.Calibration;

/// <summary>
/// The client's writes to the <c>calibration:default</c> stream, through the one <see cref="EventStreamWriter"/>:
/// a user who never calibrated has the defaults, and the first write starts the stream.
/// </summary>
public sealed class CalibrationWrites(EventStreamWriter writer, TimeProvider clock)
{
    private static readonly string Key = StreamKeys.Calibration(CalibrationState.DefaultUser);

    public Task<WriteOutcome> ChangeAsync(ChangeCalibration cmd, CancellationToken ct) =>
        writer.DecideAsync<CalibrationState>(Key, state => CalibrationDecisions.Change(cmd, state ?? Initial(), clock.GetUtcNow()), null, ct);

    /// <summary>Puts the thresholds back to the defaults; the feedback counters stay.</summary>
    public Task<WriteOutcome> ResetAsync(CancellationToken ct) =>
        writer.DecideAsync<CalibrationState>(Key, state => CalibrationDecisions.Reset(state ?? Initial(), clock.GetUtcNow()), null, ct);

    /// <summary>Starts the stream with the defaults if it has not started, so its view exists.</summary>
    public Task<WriteOutcome> EnsureAsync(CancellationToken ct) =>
        writer.DecideAsync<CalibrationState>(Key, state => state is null
            ? CalibrationDecisions.Change(new ChangeCalibration(null, null, null, null), Initial(), clock.GetUtcNow())
            : Decision.Of(), null, ct);

    /// <summary>
    /// The event records the feedback and the calibration moves by it, in one transaction: both
    /// appends carry the version read, so neither lands without the other.
    /// </summary>
    public Task<WriteOutcome> GiveFeedbackAsync(GiveFeedback cmd, CancellationToken ct)
    {
        var eventKey = StreamKeys.SecurityEvent(cmd.EventId);
        return writer.WriteAsync([eventKey, Key], null, async (session, token) =>
        {
            var now = clock.GetUtcNow();
            var securityEvent = await session.ReadStreamAsync<SecurityEvent>(eventKey, token);
            var feedback = SecurityEventDecisions.Feedback(cmd, securityEvent.State, now);
            if (feedback.Error is { } refused) return WriteOutcome.Refused(refused);

            var calibration = await session.ReadStreamAsync<CalibrationState>(Key, token);
            var given = feedback.Events.OfType<FeedbackGiven>().Single();
            var adjusted = CalibrationDecisions.ApplyFeedback(cmd.EventId, cmd.Kind, given.RiskScore, calibration.State ?? Initial(), now);
            if (adjusted.Error is { } error) return WriteOutcome.Refused(error);
            session.Append(securityEvent, feedback);
            return new WriteOutcome(session.Append(calibration, adjusted));
        }, ct);
    }

    private CalibrationState Initial() => CalibrationState.Initial(CalibrationState.DefaultUser, clock.GetUtcNow());
}
