using Hsi.Domain.Alerts;

namespace Hsi.Api.Features.Alerts.Deliveries;

public sealed record DeliveryAttemptResponse(string Channel, int Attempt, bool Succeeded, string? Error, int? StatusCode, double DurationMs, DateTimeOffset At);
public sealed record DeliveriesResponse(Guid AlertId, AlertStatus Status, IReadOnlyList<ChannelOutcomeResponse> Channels, IReadOnlyList<DeliveryAttemptResponse> Items, Pagination Pagination);

public sealed class Request : HistoryPage
{
    public Guid AlertId { get; set; }
}

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, DeliveriesResponse>
{
    public override void Configure()
    {
        Get("/api/alerts/{alert_id}/deliveries");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Each delivery attempt of an alert (oldest first) and each channel's outcome");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadAlertOrNotFoundAsync(req.AlertId, HttpContext, ct) is not { } alert) return;
        var attempts = alert.Attempts.Select(a => new DeliveryAttemptResponse(a.Channel, a.Attempt, a.Succeeded, a.Error, a.StatusCode, a.DurationMs, a.At)).ToList();
        var page = attempts.Skip(req.Offset).Take(req.Limit).ToList();
        await Send.OkAsync(new DeliveriesResponse(alert.Id, alert.Status,
            [.. alert.ChannelStates.Select(c => new ChannelOutcomeResponse(c.Channel, c.Status, c.Attempts, c.DeliveredAt, c.Error))],
            page, new Pagination(attempts.Count, req.Limit, req.Offset, null, null, req.Offset + page.Count < attempts.Count)), ct);
    }
}
