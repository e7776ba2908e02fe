using Hsi.Domain.Media;
using Hsi.Projections.Audit;
using Hsi.Projections.Media;

namespace Hsi.Api.Features.AiAudit.Media;

public sealed class Request
{
    public Guid MediaId { get; set; }
}

/// <summary>One run of a detector over the file: the first analysis or a detector replay.</summary>
public sealed record AuditAnalysisResponse(
    string Kind, DateTimeOffset AnalyzedAt, string ModelName, string ModelVersion, string ModelFamily, string Provider,
    double? ConfidenceThreshold, AnalysisTimings Timings, VideoInfo? Video, int DetectionCount, IReadOnlyList<RecordedDetection> Detections,
    IReadOnlyList<long> ReplacedDetectionIds, Guid? ReplayId)
{
    public static AuditAnalysisResponse From(AuditedAnalysis a) => new(
        a.Kind == AnalysisKind.Analyzed ? "analyzed" : "reanalyzed", a.AnalyzedAt, a.Model.Name, a.Model.Version, a.Model.Family, a.Model.Provider,
        a.ConfidenceThreshold, a.Timings, a.Video, a.Detections.Count, a.Detections, a.ReplacedDetectionIds, a.ReplayId);
}

public sealed record MediaAuditResponse(Guid MediaId, string CameraId, string FilePath, IReadOnlyList<AuditAnalysisResponse> Analyses);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, MediaAuditResponse>
{
    public override void Configure()
    {
        Get("/api/ai-audit/media/{media_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary =
            "Every analysis of a file, in order (the first, then each detector replay): model, provider, threshold, timings, detections");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadAsync<MediaAuditView>(req.MediaId, ct) is { } audit)
        {
            await Send.OkAsync(new MediaAuditResponse(audit.Id, audit.CameraId, audit.FilePath, audit.Analyses.Select(AuditAnalysisResponse.From).ToList()), ct);
            return;
        }
        if (await session.LoadAsync<MediaView>(req.MediaId, ct) is { } media)
        {
            await Send.OkAsync(new MediaAuditResponse(media.Id, media.CameraId, media.FilePath, []), ct);
            return;
        }
        await HttpContext.SendDetail(404, $"Media {req.MediaId} not found");
    }
}
