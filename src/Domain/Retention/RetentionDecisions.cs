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
