using Hsi.Api.Features.Alerts;
using Hsi.Api.Features.Cameras;

namespace Hsi.Api.Features.NotificationPreferences.PutCamera;

public sealed class Request : CameraRequest
{
    public bool? Enabled { get; set; }

    /// <summary>0–100: alerts of events scoring below it are not delivered.</summary>
    public int? RiskThreshold { get; set; }
}

public sealed class Endpoint(AlertWrites writes, IQuerySession session) : Endpoint<Request, CameraSettingResponse>
{
    public override void Configure()
    {
        Put("/api/notification-preferences/cameras/{camera_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Write a camera's notification setting (created enabled, threshold 0; only the fields sent change)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(await writes.SetCameraAsync(req.CameraId, req.Enabled, req.RiskThreshold, ct))) return;
        var setting = (await session.LoadPreferencesAsync(ct)).Cameras.First(c => c.CameraId == req.CameraId);
        await Send.OkAsync(CameraSettingResponse.From(setting), ct);
    }
}
