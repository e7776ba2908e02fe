using FluentValidation;
using Hsi.Domain.Alerts;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.Instances;

public sealed class ListRequest : HistoryPage
{
    [QueryParam] public AlertStatus? Status { get; set; }

    [QueryParam] public AlertSeverity? Severity { get; set; }

    [QueryParam] public long? EventId { get; set; }

    [QueryParam] public Guid? RuleId { get; set; }
}

public sealed class ListValidator : HistoryPageValidator<ListRequest>;

public sealed class ListEndpoint(IQuerySession session) : Endpoint<ListRequest, ListEnvelope<AlertResponse>>
{
    public override void Configure()
    {
        Get("/api/alerts");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Alerts raised by the rules, newest first; filters status, severity, event_id, rule_id");
    }

    public override async Task HandleAsync(ListRequest req, CancellationToken ct)
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

public sealed class GetEndpoint(IQuerySession session) : Endpoint<AlertRequest, AlertResponse>
{
    public override void Configure()
    {
        Get("/api/alerts/{alert_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "One alert");
    }

    public override async Task HandleAsync(AlertRequest req, CancellationToken ct)
    {
        if (await session.LoadAlertOrNotFoundAsync(req.AlertId, HttpContext, ct) is { } alert) await Send.OkAsync(AlertResponse.From(alert), ct);
    }
}

/// <summary>An optional body: <c>version</c>, when given, must be the alert's current version (else 409 with current_version).</summary>
public class TransitionRequest : AlertRequest
{
    public long? Version { get; set; }
}

public sealed class TransitionValidator : Validator<TransitionRequest>
{
    public TransitionValidator() => RuleFor(r => r.Version).GreaterThanOrEqualTo(1).When(r => r.Version is not null);
}

public sealed class AcknowledgeEndpoint(AlertWrites writes, IQuerySession session) : Endpoint<TransitionRequest, AlertResponse>
{
    public override void Configure()
    {
        Post("/api/alerts/{alert_id}/acknowledge");
        Description(b => b.Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Acknowledge an alert: only a pending or delivered one (else 409); a stale version is 409 with current_version");
    }

    public override async Task HandleAsync(TransitionRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.AcknowledgeAsync(new AcknowledgeAlert(req.AlertId), req.Version, ct),
                "Alert was modified by another request. Please refresh and retry.")) return;
        await Send.OkAsync(AlertResponse.From((await session.LoadAsync<AlertView>(req.AlertId, ct))!), ct);
    }
}

public sealed class DismissRequest : TransitionRequest
{
    /// <summary>Why, at most 1000 characters.</summary>
    public string? Reason { get; set; }
}

public sealed class DismissValidator : Validator<DismissRequest>
{
    public DismissValidator()
    {
        RuleFor(r => r.Version).GreaterThanOrEqualTo(1).When(r => r.Version is not null);
        RuleFor(r => r.Reason).MaximumLength(AlertDecisions.MaxReasonLength);
    }
}

public sealed class DismissEndpoint(AlertWrites writes, IQuerySession session) : Endpoint<DismissRequest, AlertResponse>
{
    public override void Configure()
    {
        Post("/api/alerts/{alert_id}/dismiss");
        Description(b => b.Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Dismiss an alert: any but a dismissed one (else 409); a stale version is 409 with current_version");
    }

    public override async Task HandleAsync(DismissRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.DismissAsync(new DismissAlert(req.AlertId, req.Reason), req.Version, ct),
                "Alert was modified by another request. Please refresh and retry.")) return;
        await Send.OkAsync(AlertResponse.From((await session.LoadAsync<AlertView>(req.AlertId, ct))!), ct);
    }
}

public sealed record DeliveryAttemptResponse(string Channel, int Attempt, bool Succeeded, string? Error, int? StatusCode, double DurationMs, DateTimeOffset At);

public sealed record DeliveriesResponse(Guid AlertId, AlertStatus Status, IReadOnlyList<ChannelOutcomeResponse> Channels, IReadOnlyList<DeliveryAttemptResponse> Items, Pagination Pagination);

public sealed class DeliveriesRequest : HistoryPage
{
    public Guid AlertId { get; set; }
}

public sealed class DeliveriesValidator : HistoryPageValidator<DeliveriesRequest>;

public sealed class DeliveriesEndpoint(IQuerySession session) : Endpoint<DeliveriesRequest, DeliveriesResponse>
{
    public override void Configure()
    {
        Get("/api/alerts/{alert_id}/deliveries");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Each delivery attempt of an alert (oldest first) and each channel's outcome");
    }

    public override async Task HandleAsync(DeliveriesRequest req, CancellationToken ct)
    {
        if (await session.LoadAlertOrNotFoundAsync(req.AlertId, HttpContext, ct) is not { } alert) return;
        var attempts = alert.Attempts.Select(a => new DeliveryAttemptResponse(a.Channel, a.Attempt, a.Succeeded, a.Error, a.StatusCode, a.DurationMs, a.At)).ToList();
        var page = attempts.Skip(req.Offset).Take(req.Limit).ToList();
        await Send.OkAsync(new DeliveriesResponse(alert.Id, alert.Status,
            [.. alert.ChannelStates.Select(c => new ChannelOutcomeResponse(c.Channel, c.Status, c.Attempts, c.DeliveredAt, c.Error))],
            page, new Pagination(attempts.Count, req.Limit, req.Offset, null, null, req.Offset + page.Count < attempts.Count)), ct);
    }
}
