using Hsi.Domain.Alerts;

namespace Hsi.Api.Features.Alerts.DeleteRule;

public sealed class Request : RuleRequest;

public sealed class Endpoint(AlertWrites writes) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/api/alerts/rules/{rule_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Delete an alert rule; its history and its alerts stay");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.DeleteRuleAsync(new DeleteAlertRule(req.RuleId), ct))) return;
        await Send.NoContentAsync(ct);
    }
}
