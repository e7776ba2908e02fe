using FluentValidation;
using Hsi.Api.Features.Alerts;
using Hsi.Domain.Alerts;
using Hsi.Domain.Calibration;

namespace Hsi.Api.Features.NotificationPreferences.Put;

public sealed class Request
{
    public bool? Enabled { get; set; }

    /// <summary>none, default, alert, chime or urgent.</summary>
    public NotificationSound? Sound { get; set; }

    /// <summary>The risk levels delivered: critical, high, medium, low.</summary>
    public List<RiskLevel>? RiskFilters { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.RiskFilters).Must(f => f is null || f.Count <= 8).WithMessage("risk_filters may name each level once");
}

public sealed class Endpoint(AlertWrites writes, IQuerySession session) : Endpoint<Request, PreferencesResponse>
{
    public override void Configure()
    {
        Put("/api/notification-preferences");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change the notification preferences (only the fields sent); they apply before any alert is delivered");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.ChangePreferencesAsync(new ChangeNotificationPreferences(req.Enabled, req.Sound, req.RiskFilters), ct))) return;
        await Send.OkAsync(PreferencesResponse.From(await session.LoadPreferencesAsync(ct)), ct);
    }
}
