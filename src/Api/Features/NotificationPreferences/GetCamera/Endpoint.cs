using Hsi.Api.Features.Cameras;

namespace Hsi.Api.Features.NotificationPreferences.GetCamera;

public sealed class Request : CameraRequest;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, CameraSettingResponse>
{
    public override void Configure()
    {
        Get("/api/notification-preferences/cameras/{camera_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A camera's notification setting (404 for an unknown camera; the defaults until one is written)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, HttpContext, ct) is null) return;
        var setting = (await session.LoadPreferencesAsync(ct)).Cameras.FirstOrDefault(c => c.CameraId == req.CameraId);
        await Send.OkAsync(setting is null ? new CameraSettingResponse(null, req.CameraId, true, 0) : CameraSettingResponse.From(setting), ct);
    }
}
