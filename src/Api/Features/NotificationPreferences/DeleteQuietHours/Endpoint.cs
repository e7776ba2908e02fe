using Hsi.Api.Features.Alerts;

namespace Hsi.Api.Features.NotificationPreferences.DeleteQuietHours;

public sealed class Request
{
    public Guid QuietHoursId { get; set; }
}

public sealed class Endpoint(AlertWrites writes) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/api/notification-preferences/quiet-hours/{quiet_hours_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Remove a quiet period");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.RemoveQuietHoursAsync(req.QuietHoursId, ct))) return;
        await Send.NoContentAsync(ct);
    }
}
