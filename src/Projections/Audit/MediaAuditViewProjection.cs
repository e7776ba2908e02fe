using Hsi.Domain.Media;

namespace Hsi.Projections.Audit;

/// <summary>The one writer of <see cref="MediaAuditView"/>: each MediaAnalyzed and MediaReanalyzed of a <c>media:&lt;id&gt;</c> stream.</summary>
public partial class MediaAuditViewProjection : MultiStreamProjection<MediaAuditView, Guid>
{
    public MediaAuditViewProjection()
    {
        Identity<MediaAnalyzed>(e => e.MediaId);
        Identity<MediaReanalyzed>(e => e.MediaId);
    }

    public void Apply(MediaAnalyzed e, MediaAuditView view)
    {
        (view.Id, view.CameraId, view.FilePath) = (e.MediaId, e.CameraId, e.FilePath);
        view.Analyses.Add(new AuditedAnalysis
        {
            Kind = AnalysisKind.Analyzed, AnalyzedAt = e.AnalyzedAt, Model = e.Model, Timings = e.Timings, Video = e.Video,
            ConfidenceThreshold = e.ConfidenceThreshold, Detections = [.. e.Detections],
        });
    }

    public void Apply(MediaReanalyzed e, MediaAuditView view)
    {
        (view.Id, view.CameraId, view.FilePath) = (e.MediaId, e.CameraId, e.FilePath);
        view.Analyses.Add(new AuditedAnalysis
        {
            Kind = AnalysisKind.Reanalyzed, AnalyzedAt = e.AnalyzedAt, Model = e.Model, Timings = e.Timings, Video = e.Video,
            ConfidenceThreshold = e.ConfidenceThreshold, Detections = [.. e.Detections],
            ReplacedDetectionIds = [.. e.ReplacedDetectionIds], ReplayId = e.ReplayId,
        });
    }
}
