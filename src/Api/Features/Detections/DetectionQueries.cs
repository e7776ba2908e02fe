using Hsi.Projections.Detections;

namespace Hsi.Api.Features.Detections;

public static class DetectionQueries
{
    public static readonly IReadOnlyCollection<string> Fields = FieldSelection.NamesOf<DetectionResponse>();

    /// <summary>Newest first by (detected_at, id).</summary>
    public static readonly NewestFirst<DetectionView> Order = new(d => d.DetectedAt, d => d.Id);

    public static string NotFound(long id) => $"Detection with id {id} not found";

    /// <summary>The detection, or null after answering 404 in the SPEC shape.</summary>
    public static Task<DetectionView?> LoadOrNotFoundAsync(this Marten.IQuerySession session, long id, HttpContext ctx, CancellationToken ct) =>
        session.LoadAsync<DetectionView>(id, ct).OrNotFoundAsync(ctx, NotFound(id));
}
