using Hsi.Domain.Media;
using Hsi.Projections.Detections;
using Hsi.Projections.Media;

namespace Hsi.Api.Features.Media.Get;

public sealed class Request
{
    public Guid Id { get; set; }
}

/// <summary>
/// Where one file stands: accepted (waiting or being analysed), analysed, rejected (with the reason) or duplicate;
/// <c>evicted_at</c> and <c>eviction_reason</c> once its bytes were removed for disk space (the record stays).
/// </summary>
public sealed record MediaResponse(
    Guid MediaId, string CameraId, string FilePath, MediaType? MediaType, string Status, string? Reason,
    Guid? OriginalMediaId, int DetectionCount, IReadOnlyList<long> DetectionIds,
    DateTimeOffset ReceivedAt, DateTimeOffset? CompletedAt, DateTimeOffset? EvictedAt, string? EvictionReason);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, MediaResponse>
{
    public override void Configure()
    {
        Get("/api/media/{id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Where a received file stands (the media_id an upload answers with)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadAsync<MediaView>(req.Id, ct).OrNotFoundAsync(HttpContext, $"Media {req.Id} not found") is not { } media) return;
        var detectionIds = media.DetectionCount == 0
            ? []
            : await session.Query<DetectionView>().Where(d => d.MediaId == media.Id).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        var status = media.State switch
        {
            MediaState.Analyzed => "analysed",
            MediaState.Rejected => "rejected",
            MediaState.Duplicate => "duplicate",
            _ => "accepted",
        };
        await Send.OkAsync(new MediaResponse(media.Id, media.CameraId, media.FilePath,
            media.State == MediaState.Duplicate ? null : media.MediaType, status, media.RejectionReason,
            media.OriginalMediaId, media.DetectionCount, detectionIds, media.ReceivedAt, media.CompletedAt, media.EvictedAt, media.EvictionReason), ct);
    }
}
