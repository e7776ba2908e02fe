using Hsi.Domain.Common;
using Hsi.Domain.Retention;

namespace Hsi.Domain.Media;

/// <summary>
/// Pure deciders of a media stream. A file is recorded once (accepted, rejected or a duplicate),
/// analysed once, re-analysed by replays, grouped once, evicted once and expired once; a repeated command
/// decides nothing, so a retried message never records anything twice.
/// </summary>
public static class MediaDecisions
{
    /// <summary>A stream that already exists makes the append fail at commit (the stream is started).</summary>
    public static Decision Accept(AcceptMedia cmd, MediaFile? state) => state is not null
        ? Decision.Refuse(ErrorKind.Conflict, $"media {cmd.MediaId} is already recorded")
        : Decision.Of(new MediaReceived(cmd.MediaId, cmd.CameraId, cmd.FilePath, cmd.FileType, cmd.MediaType, cmd.Sha256, cmd.SizeBytes, cmd.ReceivedAt));

    public static Decision Reject(RejectMedia cmd, MediaFile? state) => state is not null
        ? Decision.Refuse(ErrorKind.Conflict, $"media {cmd.MediaId} is already recorded")
        : Decision.Of(
            new MediaReceived(cmd.MediaId, cmd.CameraId, cmd.FilePath, cmd.FileType, cmd.MediaType, cmd.Sha256, cmd.SizeBytes, cmd.ReceivedAt),
            new MediaRejected(cmd.MediaId, cmd.CameraId, cmd.FilePath, cmd.Reason, cmd.ReceivedAt));

    public static Decision SkipDuplicate(RecordDuplicateMedia cmd, MediaFile? state) => state is not null
        ? Decision.Refuse(ErrorKind.Conflict, $"media {cmd.MediaId} is already recorded")
        : Decision.Of(new DuplicateMediaSkipped(cmd.MediaId, cmd.CameraId, cmd.FilePath, cmd.Sha256, cmd.OriginalMediaId, cmd.At));

    /// <summary>Whether the file waits for its analysis: accepted, not yet analysed, rejected or expired.</summary>
    public static bool AwaitsAnalysis(MediaFile? state) => state is { State: MediaState.Received, Received: not null, Expired: false };

    public static Decision RecordAnalysis(RecordAnalysis cmd, MediaFile? state)
    {
        if (!AwaitsAnalysis(state)) return Decision.Of();
        var r = state!.Received!;
        return Decision.Of(new MediaAnalyzed(r.MediaId, r.CameraId, r.FilePath, r.FileType, r.MediaType, cmd.Model, cmd.Timings, cmd.Video,
            cmd.Detections, cmd.At, cmd.ConfidenceThreshold, cmd.Frame));
    }

    public static Decision RejectUnreadable(RejectUnreadableMedia cmd, MediaFile? state)
    {
        if (!AwaitsAnalysis(state)) return Decision.Of();
        var r = state!.Received!;
        return Decision.Of(new MediaRejected(r.MediaId, r.CameraId, r.FilePath, cmd.Reason, cmd.At));
    }

    /// <summary>Why a file cannot be run again by a detector replay, or null when it can.</summary>
    public static string? WhyNotReanalysable(MediaFile? state) =>
        state?.Received is null ? "no such media" : state.Evicted ? "its file was evicted for disk space" : state.Detections is null ? "not analysed" : null;

    /// <summary>The replay's detections replace the newest analysis's, which stay on record.</summary>
    public static Decision Reanalyse(ReanalyseMedia cmd, MediaFile? state)
    {
        if (WhyNotReanalysable(state) is { } why) return Decision.Refuse(ErrorKind.Inconsistent, why);
        var r = state!.Received!;
        return Decision.Of(new MediaReanalyzed(r.MediaId, r.CameraId, r.FilePath, r.FileType, r.MediaType, cmd.Model, cmd.Timings, cmd.Video,
            cmd.Detections, [.. state.Detections!.Select(d => d.DetectionId)], cmd.ConfidenceThreshold, cmd.ReplayId, cmd.At, cmd.Frame));
    }

    /// <summary>A file's detections are grouped once: a repeated grouping finds this and stops.</summary>
    public static Decision MarkGrouped(MarkMediaGrouped cmd, MediaFile? state) =>
        state?.Grouped == true ? Decision.Of() : Decision.Of(new DetectionsGrouped(cmd.MediaId, cmd.EventIds, cmd.At));

    public static Decision Expire(ExpireMedia cmd, MediaFile? state) =>
        state is null or { Expired: true } ? Decision.Of() : Decision.Of(new MediaExpired(cmd.MediaId, cmd.CameraId, cmd.DetectionIds, cmd.At));

    /// <summary>Why a file's bytes may not be evicted, or null when they may: a file waiting for its analysis still needs them.</summary>
    public static string? WhyNotEvictable(MediaFile? state) => state switch
    {
        null or { Received: null } => "no such media",
        { Expired: true } => "expired",
        { Evicted: true } => "already evicted",
        { State: MediaState.Received } => "still waiting for its analysis",
        _ => null,
    };

    /// <summary>
    /// A file is evicted once, with the detections of its newest analysis (whose pictures go with it); one that
    /// cannot be (<see cref="WhyNotEvictable"/>) is left as it is.
    /// </summary>
    public static Decision Evict(EvictMedia cmd, MediaFile? state) => WhyNotEvictable(state) is not null
        ? Decision.Of()
        : Decision.Of(new MediaEvicted(cmd.MediaId, state!.Received!.CameraId, cmd.Reason, cmd.BytesFreed, cmd.PathKinds,
            [.. (state.Detections ?? []).Select(d => d.DetectionId)], cmd.Flagged, cmd.At));
}
