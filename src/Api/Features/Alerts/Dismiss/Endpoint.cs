using FluentValidation;
using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.Dismiss;

public sealed class Request : TransitionRequest
{
    /// <summary>Why, at most 1000 characters.</summary>
    public string? Reason { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Version).GreaterThanOrEqualTo(1).When(r => r.Version is not null);
        RuleFor(r => r.Reason).MaximumLength(AlertDecisions.MaxReasonLength);
    }
}

public sealed class Endpoint(AlertWrites writes, IQuerySession session) : Endpoint<Request, AlertResponse>
{
    public override void Configure()
    {
        Post("/api/alerts/{alert_id}/dismiss");
        // The body is optional: a POST without one (or without a content type) dismisses whatever is current.
        Description(b => b.ClearDefaultAccepts().Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Dismiss an alert: any but a dismissed one (else 409); a stale version is 409 with current_version");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.DismissAsync(new DismissAlert(req.AlertId, req.Reason), req.Version, ct),
                "Alert was modified by another request. Please refresh and retry.")) return;
        await Send.OkAsync(AlertResponse.From((await session.LoadAsync<AlertView>(req.AlertId, ct))!), ct);
    }
}
