namespace Hsi.Api.Features.Alerts.GetRule;

public sealed class Request : RuleRequest;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, RuleResponse>
{
    public override void Configure()
    {
        Get("/api/alerts/rules/{rule_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "One alert rule");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadRuleOrNotFoundAsync(req.RuleId, HttpContext, ct) is { } rule) await Send.OkAsync(RuleResponse.From(rule), ct);
    }
}
