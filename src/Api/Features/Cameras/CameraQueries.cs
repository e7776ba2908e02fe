using Hsi.Projections.Cameras;
using Marten;

namespace Hsi.Api.Features.Cameras;

public static class CameraQueries
{
    /// <summary>A camera that is not deleted, or null.</summary>
    public static async Task<CameraView?> LoadActiveAsync(this IQuerySession session, string id, CancellationToken ct) =>
        await session.LoadAsync<CameraView>(id, ct) is { DeletedAt: null } view ? view : null;

    public static string NotFound(string id) => $"Camera '{id}' not found";
}
