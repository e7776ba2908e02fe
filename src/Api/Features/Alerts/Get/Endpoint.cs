namespace Hsi.Api.Features.Alerts.Get;

public sealed class Request : AlertRequest;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, AlertResponse>
{
    public override void Configure()
    {
        Get("/api/alerts/{alert_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "One alert");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadAlertOrNotFoundAsync(req.AlertId, HttpContext, ct) is { } alert) await Send.OkAsync(AlertResponse.From(alert), ct);
    }
}
