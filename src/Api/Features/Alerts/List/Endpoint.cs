using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.List;

public sealed class Request : HistoryPage
{
    [QueryParam] public AlertStatus? Status { get; set; }

    [QueryParam] public AlertSeverity? Severity { get; set; }

    [QueryParam] public long? EventId { get; set; }

    [QueryParam] public Guid? RuleId { get; set; }
}

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<AlertResponse>>
{
    public override void Configure()
    {
        Get("/api/alerts");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Alerts raised by the rules, newest first; filters status, severity, event_id, rule_id");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var query = session.Query<AlertView>().AsQueryable();
        if (req.Status is { } status) query = query.Where(a => a.Status == status);
        if (req.Severity is { } severity)
        {
            var name = severity.ToString().ToLowerInvariant();
            query = query.Where(a => a.Severity == name);
        }
        if (req.EventId is { } eventId) query = query.Where(a => a.EventId == eventId);
        if (req.RuleId is { } ruleId) query = query.Where(a => a.RuleId == ruleId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Skip(req.Offset).Take(req.Limit).ToListAsync(ct);
        await Send.OkAsync(new ListEnvelope<AlertResponse>([.. rows.Select(AlertResponse.From)],
            new Pagination(total, req.Limit, req.Offset, null, null, req.Offset + rows.Count < total)), ct);
    }
}
