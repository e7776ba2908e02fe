namespace Hsi.Domain.Media;

/// <summary>A file passed ingest checks and should be recorded and queued for analysis.</summary>
public record AcceptMedia(
    Guid MediaId, string CameraId, string FilePath, string FileType, MediaType MediaType,
    string Sha256, long SizeBytes, DateTimeOffset ReceivedAt);

/// <summary>A file failed the ingest checks: recorded with why, never analysed.</summary>
public record RejectMedia(
    Guid MediaId, string CameraId, string FilePath, string FileType, MediaType MediaType,
    string Sha256, long SizeBytes, DateTimeOffset ReceivedAt, string Reason);

/// <summary>Record that a file was skipped as a duplicate of <see cref="OriginalMediaId"/>.</summary>
public record RecordDuplicateMedia(Guid MediaId, string CameraId, string FilePath, string Sha256, Guid? OriginalMediaId, DateTimeOffset At);

/// <summary>Run the detector over an accepted file. Durable: survives a crash and may run on another node.</summary>
public record AnalyzeMedia(Guid MediaId);

/// <summary>Record what the detector found in an accepted file.</summary>
/// <param name="ConfidenceThreshold">The threshold the detector ran with.</param>
/// <param name="Frame">The picture's size in pixels (a clip's own, which its boxes are in).</param>
public record RecordAnalysis(
    Guid MediaId, AnalysisModel Model, AnalysisTimings Timings, VideoInfo? Video,
    IReadOnlyList<RecordedDetection> Detections, double ConfidenceThreshold, DateTimeOffset At, FrameSize? Frame = null);

/// <summary>An accepted file turned out to be one that can never be analysed (unreadable, or no longer one we may open).</summary>
public record RejectUnreadableMedia(Guid MediaId, string Reason, DateTimeOffset At);

/// <summary>Record a detector replay's analysis of a file (<see cref="MediaReanalyzed"/>).</summary>
public record ReanalyseMedia(
    Guid MediaId, AnalysisModel Model, AnalysisTimings Timings, VideoInfo? Video,
    IReadOnlyList<RecordedDetection> Detections, double ConfidenceThreshold, Guid ReplayId, DateTimeOffset At, FrameSize? Frame = null);

/// <summary>Record that the file's detections joined these security events.</summary>
public record MarkMediaGrouped(Guid MediaId, IReadOnlyList<long> EventIds, DateTimeOffset At);

/// <summary>The file passed the retention period: it and these detections leave the read models.</summary>
public record ExpireMedia(Guid MediaId, string CameraId, IReadOnlyList<long> DetectionIds, DateTimeOffset At);

/// <summary>Record that the file's bytes were removed for disk space (<see cref="Retention.MediaEvicted"/>).</summary>
public record EvictMedia(Guid MediaId, string Reason, long BytesFreed, IReadOnlyList<string> PathKinds, bool Flagged, DateTimeOffset At);
