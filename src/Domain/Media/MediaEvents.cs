namespace Hsi.Domain.Media;

public enum MediaType { Image, Video }

/// <summary>A file from a camera was accepted for analysis.</summary>
public record MediaReceived(
    Guid MediaId, string CameraId, string FilePath, string FileType, MediaType MediaType,
    string Sha256, long SizeBytes, DateTimeOffset ReceivedAt);

/// <summary>The model that analysed a file, and where it ran.</summary>
public record AnalysisModel(string Name, string Version, string Family, string Provider);

/// <summary>Milliseconds spent per stage of one analysis.</summary>
public record AnalysisTimings(double DecodeMs, double InferenceMs, double PostprocessMs, double TotalMs, int Frames);

/// <summary>What ffprobe said of a clip.</summary>
public record VideoInfo(double DurationSeconds, string? Codec, int? Width, int? Height);

/// <summary>The pixel size of the picture (or clip) the boxes are in: what normalises a box into zone coordinates.</summary>
public record FrameSize(int Width, int Height);

/// <summary>
/// One object found; <see cref="DetectionId"/> comes from a PostgreSQL sequence and is written
/// here once, so replays and rebuilds never renumber. Box in original pixels.
/// </summary>
/// <param name="ZoneIds">
/// The camera's enabled area zones its standing point was in when it was analysed, highest priority
/// first; null in detections recorded before zones were.
/// </param>
public record RecordedDetection(
    long DetectionId, string ObjectType, double Confidence, int X, int Y, int Width, int Height,
    DateTimeOffset DetectedAt, double? FrameSeconds, IReadOnlyList<Guid>? ZoneIds = null);

/// <summary>The detector ran over the file (every sampled frame of a clip) and found these objects.</summary>
/// <param name="ConfidenceThreshold">The threshold the detector ran with; null in analyses recorded before it was.</param>
/// <param name="Frame">The picture's size in pixels; null in analyses recorded before it was.</param>
public record MediaAnalyzed(
    Guid MediaId, string CameraId, string FilePath, string FileType, MediaType MediaType,
    AnalysisModel Model, AnalysisTimings Timings, VideoInfo? Video,
    IReadOnlyList<RecordedDetection> Detections, DateTimeOffset AnalyzedAt, double? ConfidenceThreshold = null, FrameSize? Frame = null);

/// <summary>
/// A detector replay ran the file again (perhaps with another model or threshold): these detections,
/// numbered anew from the sequence, are the file's from now on. The analysis they replace stays on
/// record; <see cref="ReplacedDetectionIds"/> names its detections.
/// </summary>
/// <param name="ConfidenceThreshold">The threshold the detector ran with.</param>
/// <param name="ReplayId">The redetect job that ran it.</param>
/// <param name="Frame">The picture's size in pixels; null in replays recorded before it was.</param>
public record MediaReanalyzed(
    Guid MediaId, string CameraId, string FilePath, string FileType, MediaType MediaType,
    AnalysisModel Model, AnalysisTimings Timings, VideoInfo? Video,
    IReadOnlyList<RecordedDetection> Detections, IReadOnlyList<long> ReplacedDetectionIds,
    double ConfidenceThreshold, Guid ReplayId, DateTimeOffset AnalyzedAt, FrameSize? Frame = null);

/// <summary>The file can never be analysed (empty, too large, corrupt); recorded instead of retried.</summary>
public record MediaRejected(Guid MediaId, string CameraId, string FilePath, string Reason, DateTimeOffset RejectedAt);

/// <summary>
/// A file whose content the camera sent moments before (same SHA-256 within the de-duplication
/// window): recorded so the file is known, not analysed again.
/// </summary>
public record DuplicateMediaSkipped(Guid MediaId, string CameraId, string FilePath, string Sha256, Guid? OriginalMediaId, DateTimeOffset At);

/// <summary>The file's detections joined these security events (once: a repeated grouping finds this and stops).</summary>
public record DetectionsGrouped(Guid MediaId, IReadOnlyList<long> EventIds, DateTimeOffset At);
