using FluentValidation;
using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.Acknowledge;

public sealed class Request : TransitionRequest;

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Version).GreaterThanOrEqualTo(1).When(r => r.Version is not null);
}

public sealed class Endpoint(AlertWrites writes, IQuerySession session) : Endpoint<Request, AlertResponse>
{
    public override void Configure()
    {
        Post("/api/alerts/{alert_id}/acknowledge");
        // The body is optional: a POST without one (or without a content type) acknowledges whatever is current.
        Description(b => b.ClearDefaultAccepts().Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Acknowledge an alert: only a pending or delivered one (else 409); a stale version is 409 with current_version");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.AcknowledgeAsync(new AcknowledgeAlert(req.AlertId), req.Version, ct),
                "Alert was modified by another request. Please refresh and retry.")) return;
        await Send.OkAsync(AlertResponse.From((await session.LoadAsync<AlertView>(req.AlertId, ct))!), ct);
    }
}
