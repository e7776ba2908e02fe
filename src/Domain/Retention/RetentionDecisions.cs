using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Domain.Retention;

/// <summary>Record on <c>retention:system</c> what a (not dry) cleanup removed and why it ran.</summary>
public record RecordCleanup(
    int RetentionDays, DateTimeOffset Cutoff, int EventsDeleted, int DetectionsDeleted, int ThumbnailsDeleted,
    int ImagesDeleted, long SpaceReclaimed, string Trigger, DateTimeOffset At);

/// <summary>A security event passed the retention period: it leaves the read models.</summary>
public record ExpireSecurityEvent(long EventId, DateTimeOffset At);

/// <summary>Pure deciders of retention: the cleanup log, and the expiry of a security event (a file's is <see cref="Media.MediaDecisions.Expire"/>).</summary>
public static class RetentionDecisions
{
    /// <summary>Every cleanup that ran is recorded, whatever ran before it.</summary>
    public static Decision RecordCleanup(RecordCleanup cmd, RetentionLog? state) =>
        Decision.Of(new RetentionCleanupRan(cmd.RetentionDays, cmd.Cutoff, cmd.EventsDeleted, cmd.DetectionsDeleted, cmd.ThumbnailsDeleted,
            cmd.ImagesDeleted, cmd.SpaceReclaimed, cmd.Trigger, cmd.At));

    /// <summary>An event expires once, and only when closed: an open batch is never cut from under the batching.</summary>
    public static Decision ExpireSecurityEvent(ExpireSecurityEvent cmd, SecurityEvent? state) => state switch
    {
        null or { Expired: true } => Decision.Of(),
        { IsOpen: true } => Decision.Refuse(ErrorKind.Inconsistent, $"Event {state.Id} is still open"),
        _ => Decision.Of(new SecurityEventExpired(cmd.EventId, cmd.At)),
    };
}

/// <summary>
/// Which files go first when disk space runs short (lower first, the oldest first within one): those of reviewed
/// events (someone has seen them and not flagged them), then of unreviewed low-risk ones, then of medium, high and
/// critical ones, and those of flagged events last, only when nothing else is left. A file of several events
/// goes with its most valuable; one of none (nothing detected, or rejected) goes first.
/// </summary>
public static class EvictionOrder
{
    public const int Flagged = 3;

    /// <summary>The rank of one event's files; a file's is the highest of its events'.</summary>
    public static int RankOf(bool flagged, bool reviewed, string? riskLevel) =>
        flagged ? Flagged : reviewed ? 0 : riskLevel is null or "low" ? 1 : 2;
}
