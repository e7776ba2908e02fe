using FluentValidation;
using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.ListRules;

public sealed class Request
{
    /// <summary>Only enabled (true) or disabled (false) rules.</summary>
    [QueryParam] public bool? Enabled { get; set; }

    [QueryParam] public AlertSeverity? Severity { get; set; }

    /// <summary>Rules per page, 1–1000 (50).</summary>
    [QueryParam] public int Limit { get; set; } = 50;

    [QueryParam] public int Offset { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
        RuleFor(r => r.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<RuleResponse>>
{
    public override void Configure()
    {
        Get("/api/alerts/rules");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Alert rules, sorted by name");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
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
