using Hsi.Domain.Common;
using Hsi.Domain.Retention;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Domain.Tests.Retention;

/// <summary>Given the retention log's or a security event's events, when a retention command, then the events it decides.</summary>
public class RetentionDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    private static RecordCleanup Cleanup(string trigger, DateTimeOffset at) => new(30, at.AddDays(-30), 2, 5, 3, 1, 4096, trigger, at);

    [Fact]
    public void Every_cleanup_is_recorded_as_it_ran()
    {
        var first = Assert.IsType<RetentionCleanupRan>(Assert.Single(RetentionDecisions.RecordCleanup(Cleanup("scheduled", T0), null).Events));
        Assert.Equal(new RetentionCleanupRan(30, T0.AddDays(-30), 2, 5, 3, 1, 4096, "scheduled", T0), first);

        var second = Assert.IsType<RetentionCleanupRan>(Assert.Single(
            RetentionDecisions.RecordCleanup(Cleanup("manual", T0.AddDays(1)), StreamFold.Fold<RetentionLog>([first])).Events));
        var log = StreamFold.Fold<RetentionLog>([first, second])!;
        Assert.Equal((2, "manual"), (log.Runs, log.Last.Trigger));
    }

    [Fact]
    public void A_closed_event_expires_once_and_an_open_one_not_at_all()
    {
        var opened = new BatchOpened(4, "batch_4", "porch", false, T0);
        var closed = new BatchClosed(4, CloseReason.Idle, T0.AddMinutes(1));
        var cmd = new ExpireSecurityEvent(4, T0.AddDays(31));

        var expired = Assert.IsType<SecurityEventExpired>(Assert.Single(
            RetentionDecisions.ExpireSecurityEvent(cmd, StreamFold.Fold<SecurityEvent>([opened, closed])).Events));
        Assert.Equal(new SecurityEventExpired(4, T0.AddDays(31)), expired);
        Assert.Empty(RetentionDecisions.ExpireSecurityEvent(cmd, StreamFold.Fold<SecurityEvent>([opened, closed, expired])).Events);
        Assert.Equal(ErrorKind.Inconsistent, RetentionDecisions.ExpireSecurityEvent(cmd, StreamFold.Fold<SecurityEvent>([opened])).Error!.Kind);
        Assert.Empty(RetentionDecisions.ExpireSecurityEvent(cmd, null).Events);
    }

    [Fact]
    public void Reviewed_events_files_go_first_then_low_then_higher_risk_and_flagged_last_whatever_the_risk()
    {
        int[] ranks =
        [
            EvictionOrder.RankOf(flagged: false, reviewed: true, "critical"),
            EvictionOrder.RankOf(flagged: false, reviewed: false, "low"),
            EvictionOrder.RankOf(flagged: false, reviewed: false, null),
            EvictionOrder.RankOf(flagged: false, reviewed: false, "high"),
            EvictionOrder.RankOf(flagged: true, reviewed: true, "low"),
        ];
        Assert.Equal([0, 1, 1, 2, EvictionOrder.Flagged], ranks);
    }
}
