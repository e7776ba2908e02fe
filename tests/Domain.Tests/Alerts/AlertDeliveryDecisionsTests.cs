using Hsi.Domain.Alerts;

namespace Hsi.Domain.Tests.Alerts;

public class AlertDeliveryDecisionsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly Guid AlertId = Guid.NewGuid();

    private static readonly AlertRaised Raised = new(AlertId, Guid.NewGuid(), "Night person", 7, "front_door", "Front door", "high", 82, "high",
        null, ["person"], "front_door", ["webhook", "email"], null, null, At);

    private static AlertDeliveryAttempted Attempt(string channel, int n, bool ok) => new(AlertId, channel, n, ok, ok ? null : "503", ok ? 200 : 503, 12, At);

    [Fact]
    public void A_first_try_is_attempt_1_and_its_success_delivers()
    {
        var delivery = ChannelDelivery.Of([Raised], "webhook");
        Assert.Null(AlertDeliveryDecisions.WhyNotTry(delivery));
        var decision = AlertDeliveryDecisions.RecordAttempt(delivery, "webhook", true, null, 200, TimeSpan.FromMilliseconds(40), At);
        Assert.Collection(decision.Events,
            e => Assert.Equal(new AlertDeliveryAttempted(AlertId, "webhook", 1, true, null, 200, 40, At), e),
            e => Assert.Equal(new AlertDelivered(AlertId, "webhook", At), e));
    }

    [Fact]
    public void Attempts_are_counted_per_channel_and_a_failure_records_only_the_attempt()
    {
        var delivery = ChannelDelivery.Of([Raised, Attempt("webhook", 1, false), Attempt("email", 1, false), Attempt("webhook", 2, false)], "webhook");
        var decision = AlertDeliveryDecisions.RecordAttempt(delivery, "webhook", false, "The receiver answered 503", 503, TimeSpan.Zero, At);
        var attempted = Assert.IsType<AlertDeliveryAttempted>(Assert.Single(decision.Events));
        Assert.Equal(3, attempted.Attempt);
        Assert.Equal("The receiver answered 503", attempted.Error);
    }

    [Fact]
    public void A_channel_that_delivered_is_not_tried_again_while_another_channel_still_is()
    {
        var events = new object[] { Raised, Attempt("webhook", 1, true), new AlertDelivered(AlertId, "webhook", At) };
        Assert.Equal("already delivered", AlertDeliveryDecisions.WhyNotTry(ChannelDelivery.Of(events, "webhook")));
        Assert.Null(AlertDeliveryDecisions.WhyNotTry(ChannelDelivery.Of(events, "email")));
        Assert.Empty(AlertDeliveryDecisions.RecordFailure(ChannelDelivery.Of(events, "webhook"), "webhook", "gave up", At).Events);
    }

    [Fact]
    public void An_alert_acknowledged_or_dismissed_before_delivery_is_not_sent_and_a_missing_one_is_refused()
    {
        Assert.NotNull(AlertDeliveryDecisions.WhyNotTry(ChannelDelivery.Of([Raised, new AlertAcknowledged(AlertId, At)], "webhook")));
        Assert.NotNull(AlertDeliveryDecisions.WhyNotTry(ChannelDelivery.Of([Raised, new AlertDismissed(AlertId, null, At)], "webhook")));
        var missing = ChannelDelivery.Of([], "webhook");
        Assert.Equal("no such alert", AlertDeliveryDecisions.WhyNotTry(missing));
        Assert.False(AlertDeliveryDecisions.RecordAttempt(missing, "webhook", true, null, 200, TimeSpan.Zero, At).Succeeded);
    }

    [Fact]
    public void Giving_up_records_the_failure_with_its_reason()
    {
        var decision = AlertDeliveryDecisions.RecordFailure(ChannelDelivery.Of([Raised, Attempt("email", 1, false)], "email"), "email", "SMTP refused", At);
        Assert.Equal(new AlertDeliveryFailed(AlertId, "email", "SMTP refused", At), Assert.Single(decision.Events));
    }
}
