using System.Text.Json.Serialization;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Projections.Detections;

namespace Hsi.Api.Features.Detections;

/// <summary>A detection as clients see it (SPEC.md §1 Detection).</summary>
public sealed record DetectionResponse(
    long Id, string CameraId, string FilePath, string FileType, MediaType MediaType, DateTimeOffset DetectedAt,
    string ObjectType, double Confidence, int BboxX, int BboxY, int BboxWidth, int BboxHeight, string ThumbnailPath,
    double? FrameSeconds, double? Duration, string? VideoCodec, int? VideoWidth, int? VideoHeight,
    IReadOnlyDictionary<string, object?> EnrichmentData, IReadOnlyList<Guid> ZoneIds,
    long? TrackId, double? TrackConfidence, DateTimeOffset? AssociationCreatedAt, EnrichmentSummary EnrichmentStatus)
{
    public static DetectionResponse From(DetectionView d) => From(d, EnrichmentSummary.PendingSummary);

    /// <param name="d">The detection's read model.</param>
    /// <param name="unenriched">Its enrichment status while none is recorded (pending, or disabled with the stage off).</param>
    public static DetectionResponse From(DetectionView d, EnrichmentSummary unenriched) => new(
        d.Id, d.CameraId, d.FilePath, d.FileType, d.MediaType, d.DetectedAt, d.ObjectType, d.Confidence,
        d.BboxX, d.BboxY, d.BboxWidth, d.BboxHeight, $"/api/detections/{d.Id}/image",
        d.FrameSeconds, d.Duration, d.VideoCodec, d.VideoWidth, d.VideoHeight, d.EnrichmentData, d.ZoneIds,
        d.TrackId, d.TrackConfidence, d.AssociationCreatedAt, d.Enrichment ?? unenriched);

    [JsonIgnore] public Cursor Position => new(Id, DetectedAt);
}
