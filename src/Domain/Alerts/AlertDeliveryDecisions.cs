using Hsi.Domain.Common;

namespace Hsi.Domain.Alerts;

/// <summary>Where the delivery of one alert over one channel stands, folded from the alert's events.</summary>
public sealed record ChannelDelivery(AlertRaised? Raised, bool Delivered, bool Closed, int Attempts)
{
    public static ChannelDelivery Of(IEnumerable<object> events, string channel)
    {
        var state = new ChannelDelivery(null, false, false, 0);
        foreach (var e in events)
            state = e switch
            {
                AlertRaised raised => state with { Raised = raised },
                AlertDeliveryAttempted a when a.Channel == channel => state with { Attempts = state.Attempts + 1 },
                AlertDelivered d when d.Channel == channel => state with { Delivered = true },
                AlertAcknowledged or AlertDismissed => state with { Closed = true },
                _ => state,
            };
        return state;
    }
}

/// <summary>
/// The delivery decider: whether a channel is tried for an alert, and what a try and a final failure record.
/// A channel delivers an alert once: after its first success every later try of it is skipped.
/// </summary>
public static class AlertDeliveryDecisions
{
    /// <summary>Why the channel is not to be tried, or null when it is.</summary>
    public static string? WhyNotTry(ChannelDelivery delivery) => delivery switch
    {
        { Raised: null } => "no such alert",
        { Delivered: true } => "already delivered",
        // Someone has seen the alert (acknowledged or dismissed it) before it went out: telling them again helps no one.
        { Closed: true } => "the alert was acknowledged or dismissed before delivery",
        _ => null,
    };

    /// <summary>One try: its attempt record, and the delivery when it is the channel's first success.</summary>
    public static Decision RecordAttempt(
        ChannelDelivery delivery, string channel, bool succeeded, string? error, int? statusCode, TimeSpan duration, DateTimeOffset at)
    {
        if (delivery.Raised is not { } raised) return Decision.Refuse(ErrorKind.NotFound, "no such alert");
        var attempted = new AlertDeliveryAttempted(
            raised.AlertId, channel, delivery.Attempts + 1, succeeded, succeeded ? null : error ?? "failed", statusCode,
            Math.Round(duration.TotalMilliseconds, 1), at);
        return succeeded && !delivery.Delivered
            ? Decision.Of(attempted, new AlertDelivered(raised.AlertId, channel, at))
            : Decision.Of(attempted);
    }

    /// <summary>The channel gave up after its retries; nothing when it delivered meanwhile.</summary>
    public static Decision RecordFailure(ChannelDelivery delivery, string channel, string error, DateTimeOffset at) =>
        delivery.Raised is not { } raised ? Decision.Refuse(ErrorKind.NotFound, "no such alert")
        : delivery.Delivered ? Decision.Of()
        : Decision.Of(new AlertDeliveryFailed(raised.AlertId, channel, error, at));
}
