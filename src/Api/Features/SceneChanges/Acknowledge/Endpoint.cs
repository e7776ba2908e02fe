using Hsi.Projections.Scenes;

namespace Hsi.Api.Features.SceneChanges.Acknowledge;

public sealed class Request : SceneChangeRequest;

public sealed class Endpoint(SceneChangeWrites writes, IQuerySession session) : Endpoint<Request, SceneChangeResponse>
{
    public override void Configure()
    {
        Post("/api/cameras/{camera_id}/scene-changes/{scene_change_id}/acknowledge");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Acknowledge a scene change (idempotent); an acknowledged angle_changed view becomes the camera's reference");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadSceneChangeOrNotFoundAsync(req, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(await writes.AcknowledgeAsync(req.CameraId, req.SceneChangeId, ct))) return;
        await Send.OkAsync(SceneChangeResponse.From((await session.LoadAsync<SceneChangeView>(req.SceneChangeId, ct))!), ct);
    }
}
