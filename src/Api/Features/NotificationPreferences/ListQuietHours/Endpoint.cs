namespace Hsi.Api.Features.NotificationPreferences.ListQuietHours;

public sealed class Request : HistoryPage;

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<QuietHoursResponse>>
{
    public override void Configure()
    {
        Get("/api/notification-preferences/quiet-hours");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Quiet periods: alerts in them are kept, with suppressed_by, and not delivered");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var all = (await session.LoadPreferencesAsync(ct)).QuietHours.Select(QuietHoursResponse.From).ToList();
        await Send.OkAsync(ListEnvelope<QuietHoursResponse>.PageOf(all, req), ct);
    }
}
