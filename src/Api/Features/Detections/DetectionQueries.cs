using Hsi.Projections.Detections;

namespace Hsi.Api.Features.Detections;

public static class DetectionQueries
{
    public static readonly IReadOnlyCollection<string> Fields = FieldSelection.NamesOf<DetectionResponse>();

    /// <summary>Newest first by (detected_at, id); with a cursor, only rows strictly after it.</summary>
    public static IQueryable<DetectionView> Page(IQueryable<DetectionView> query, Cursor? after)
    {
        if (after is { } c) query = query.Where(d => d.DetectedAt < c.CreatedAt || (d.DetectedAt == c.CreatedAt && d.Id < c.Id));
        return query.OrderByDescending(d => d.DetectedAt).ThenByDescending(d => d.Id);
    }

    public static string NotFound(long id) => $"Detection with id {id} not found";

    /// <summary>The detection, or null after answering 404 in the SPEC shape.</summary>
    public static async Task<DetectionView?> LoadOrNotFoundAsync(this Marten.IQuerySession session, long id, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadAsync<DetectionView>(id, ct) is { } view) return view;
        await ctx.SendDetail(404, NotFound(id));
        return null;
    }
}
