using Hsi.Projections.Cameras;
using Hsi.Api.Http;
using Marten;

namespace Hsi.Api.Features.Cameras;

public static class CameraQueries
{
    /// <summary>A camera that is not deleted, or null.</summary>
    public static async Task<CameraView?> LoadActiveAsync(this IQuerySession session, string id, CancellationToken ct) =>
        await session.LoadAsync<CameraView>(id, ct) is { DeletedAt: null } view ? view : null;

    public static string NotFound(string id) => $"Camera '{id}' not found";

    /// <summary>The camera if it exists and is not deleted, or null after answering 404 in the SPEC shape.</summary>
    public static async Task<CameraView?> LoadActiveOrNotFoundAsync(this IQuerySession session, string id, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadActiveAsync(id, ct) is { } view) return view;
        await ctx.SendDetail(404, NotFound(id));
        return null;
    }
}
