using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.CreateRule;

public sealed class Request : RuleBody;

public sealed class Endpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : Endpoint<Request, RuleResponse>
{
    public override void Configure()
    {
        Post("/api/alerts/rules");
        Description(b => b.Produces<RuleResponse>(201).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Create an alert rule: name required; validated whole (a refusal names the field) before anything is stored");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(req.WebhookProblem(settings.WebhookAllowPrivate))) return;
        var (id, outcome) = await writes.CreateRuleAsync(req.Fields(), ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var rule = (await session.LoadAsync<AlertRuleView>(id!.Value, ct))!;
        await Send.CreatedAtAsync<GetRule.Endpoint>(new { rule_id = id }, RuleResponse.From(rule), cancellation: ct);
    }
}
