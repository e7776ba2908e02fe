using Hsi.Domain.Media;

namespace Hsi.Projections.Audit;

/// <summary>Every analysis of one file, the first and each detector replay: what <c>GET /api/ai-audit/media/{id}</c> reads.</summary>
public sealed class MediaAuditView
{
    public Guid Id { get; set; }
    public string CameraId { get; set; } = "";
    public string FilePath { get; set; } = "";
    public List<AuditedAnalysis> Analyses { get; set; } = [];
}

public enum AnalysisKind { Analyzed, Reanalyzed }

public sealed class AuditedAnalysis
{
    public AnalysisKind Kind { get; set; }
    public DateTimeOffset AnalyzedAt { get; set; }
    public AnalysisModel Model { get; set; } = null!;
    public AnalysisTimings Timings { get; set; } = null!;
    public VideoInfo? Video { get; set; }
    /// <summary>Null for analyses recorded before the threshold was.</summary>
    public double? ConfidenceThreshold { get; set; }
    public List<RecordedDetection> Detections { get; set; } = [];
    /// <summary>For a replay: the detections of the analysis it replaced, and the job that ran it.</summary>
    public List<long> ReplacedDetectionIds { get; set; } = [];
    public Guid? ReplayId { get; set; }
}
