namespace Hsi.Api.Features.NotificationPreferences.ListCameras;

public sealed class Request : HistoryPage;

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<CameraSettingResponse>>
{
    public override void Configure()
    {
        Get("/api/notification-preferences/cameras");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "The per-camera notification settings written so far, by camera id");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var all = (await session.LoadPreferencesAsync(ct)).Cameras.Select(CameraSettingResponse.From).ToList();
        await Send.OkAsync(ListEnvelope<CameraSettingResponse>.PageOf(all, req), ct);
    }
}
