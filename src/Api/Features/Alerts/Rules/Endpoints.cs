using FluentValidation;
using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.Rules;

public sealed class CreateRequest : RuleBody;

public sealed class CreateEndpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : Endpoint<CreateRequest, RuleResponse>
{
    public override void Configure()
    {
        Post("/api/alerts/rules");
        Description(b => b.Produces<RuleResponse>(201).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Create an alert rule: name required; validated whole (a refusal names the field) before anything is stored");
    }

    public override async Task HandleAsync(CreateRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(req.WebhookProblem(settings.WebhookAllowPrivate))) return;
        var (id, outcome) = await writes.CreateRuleAsync(req.Fields(), ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var rule = (await session.LoadAsync<AlertRuleView>(id!.Value, ct))!;
        await Send.CreatedAtAsync<GetEndpoint>(new { rule_id = id }, RuleResponse.From(rule), cancellation: ct);
    }
}

public sealed class ListRequest
{
    /// <summary>Only enabled (true) or disabled (false) rules.</summary>
    [QueryParam] public bool? Enabled { get; set; }

    [QueryParam] public AlertSeverity? Severity { get; set; }

    /// <summary>Rules per page, 1–1000 (50).</summary>
    [QueryParam] public int Limit { get; set; } = 50;

    [QueryParam] public int Offset { get; set; }
}

public sealed class ListValidator : Validator<ListRequest>
{
    public ListValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
        RuleFor(r => r.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed class ListEndpoint(IQuerySession session) : Endpoint<ListRequest, ListEnvelope<RuleResponse>>
{
    public override void Configure()
    {
        Get("/api/alerts/rules");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Alert rules, sorted by name");
    }

    public override async Task HandleAsync(ListRequest req, CancellationToken ct)
    {
        var query = session.Query<AlertRuleView>().AsQueryable();
        if (req.Enabled is { } enabled) query = query.Where(r => r.Enabled == enabled);
        if (req.Severity is { } severity) query = query.Where(r => r.Severity == severity);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.Name).ThenBy(r => r.Id).Skip(req.Offset).Take(req.Limit).ToListAsync(ct);
        await Send.OkAsync(new ListEnvelope<RuleResponse>([.. rows.Select(RuleResponse.From)],
            new Pagination(total, req.Limit, req.Offset, null, null, req.Offset + rows.Count < total)), ct);
    }
}

public sealed class GetEndpoint(IQuerySession session) : Endpoint<RuleRequest, RuleResponse>
{
    public override void Configure()
    {
        Get("/api/alerts/rules/{rule_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "One alert rule");
    }

    public override async Task HandleAsync(RuleRequest req, CancellationToken ct)
    {
        if (await session.LoadRuleOrNotFoundAsync(req.RuleId, HttpContext, ct) is { } rule) await Send.OkAsync(RuleResponse.From(rule), ct);
    }
}

public sealed class ChangeRequest : RuleBody;

/// <summary>PUT and PATCH alike apply only the fields sent (as the seed's PUT does); the rule after it is validated whole.</summary>
public abstract class ChangeEndpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : Endpoint<ChangeRequest, RuleResponse>
{
    protected void Describe(string verb)
    {
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = $"{verb}: change only the fields sent; the result must still be a valid rule");
    }

    public override async Task HandleAsync(ChangeRequest req, CancellationToken ct)
    {
        if (await session.LoadRuleOrNotFoundAsync(req.RuleId, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(req.WebhookProblem(settings.WebhookAllowPrivate))) return;
        if (await HttpContext.SentRefusalAsync(await writes.ChangeRuleAsync(new ChangeAlertRule(req.RuleId, req.Fields()), ct))) return;
        await Send.OkAsync(RuleResponse.From((await session.LoadAsync<AlertRuleView>(req.RuleId, ct))!), ct);
    }
}

public sealed class PatchEndpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : ChangeEndpoint(writes, session, settings)
{
    public override void Configure()
    {
        Patch("/api/alerts/rules/{rule_id}");
        Describe("Change an alert rule");
    }
}

/// <summary>The same partial change as PATCH, under the verb the seed's clients use.</summary>
public sealed class PutEndpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : ChangeEndpoint(writes, session, settings)
{
    public override void Configure()
    {
        Put("/api/alerts/rules/{rule_id}");
        Describe("Change an alert rule, as PATCH does");
    }
}

public sealed class DeleteEndpoint(AlertWrites writes) : Endpoint<RuleRequest>
{
    public override void Configure()
    {
        Delete("/api/alerts/rules/{rule_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Delete an alert rule; its history and its alerts stay");
    }

    public override async Task HandleAsync(RuleRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.DeleteRuleAsync(new DeleteAlertRule(req.RuleId), ct))) return;
        await Send.NoContentAsync(ct);
    }
}
