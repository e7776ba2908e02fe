using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.UpdateRule;

public sealed class Request : RuleBody;

/// <summary>PUT and PATCH alike apply only the fields sent (as the seed's PUT does); the rule after it is validated whole.</summary>
public abstract class ChangeEndpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : Endpoint<Request, RuleResponse>
{
    protected void Describe(string verb)
    {
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = $"{verb}: change only the fields sent; the result must still be a valid rule");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadRuleOrNotFoundAsync(req.RuleId, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(req.WebhookProblem(settings.WebhookAllowPrivate))) return;
        if (await HttpContext.SentRefusalAsync(await writes.ChangeRuleAsync(new ChangeAlertRule(req.RuleId, req.Fields()), ct))) return;
        await Send.OkAsync(RuleResponse.From((await session.LoadAsync<AlertRuleView>(req.RuleId, ct))!), ct);
    }
}

public sealed class Endpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : ChangeEndpoint(writes, session, settings)
{
    public override void Configure()
    {
        Patch("/api/alerts/rules/{rule_id}");
        Describe("Change an alert rule");
    }
}
