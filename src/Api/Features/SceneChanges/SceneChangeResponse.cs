using Hsi.Api.Features.Cameras;
using Hsi.Domain.Scenes;
using Hsi.Projections.Scenes;

namespace Hsi.Api.Features.SceneChanges;

/// <summary>A scene change as clients see it (SEED-API §3), with its camera and, once over, when the view came back.</summary>
public sealed record SceneChangeResponse(
    long Id, string CameraId, DateTimeOffset DetectedAt, SceneChangeType ChangeType, double SimilarityScore,
    bool Acknowledged, DateTimeOffset? AcknowledgedAt, string FilePath, DateTimeOffset? RestoredAt)
{
    public static SceneChangeResponse From(SceneChangeView v) =>
        new(v.Id, v.CameraId, v.DetectedAt, v.ChangeType, v.SimilarityScore, v.Acknowledged, v.AcknowledgedAt, v.FilePath, v.RestoredAt);

    public Cursor Position => new(Id, DetectedAt);
}

/// <summary>The route of one camera's scene changes.</summary>
public class CameraSceneChangesRequest
{
    public string CameraId { get; set; } = "";
}

/// <summary>The route of one scene change of a camera.</summary>
public class SceneChangeRequest : CameraSceneChangesRequest
{
    public long SceneChangeId { get; set; }
}

public static class SceneChangeQueries
{
    /// <summary>The scene change if its camera exists and it is that camera's, or null after answering 404.</summary>
    public static async Task<SceneChangeView?> LoadSceneChangeOrNotFoundAsync(this IQuerySession session, SceneChangeRequest req, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, ctx, ct) is null) return null;
        if (await session.LoadAsync<SceneChangeView>(req.SceneChangeId, ct) is { } change && change.CameraId == req.CameraId) return change;
        await ctx.SendDetail(404, SceneDecisions.NotFound(req.SceneChangeId, req.CameraId));
        return null;
    }
}
