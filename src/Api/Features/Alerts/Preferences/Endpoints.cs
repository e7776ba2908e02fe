using System.Globalization;
using FluentValidation;
using Hsi.Api.Features.Cameras;
using Hsi.Domain.Alerts;
using Hsi.Domain.Calibration;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.Alerts.Preferences;

public sealed record PreferencesResponse(bool Enabled, NotificationSound Sound, IReadOnlyList<RiskLevel> RiskFilters, DateTimeOffset? UpdatedAt)
{
    public static PreferencesResponse From(NotificationPreferencesView v) => new(v.Enabled, v.Sound, v.RiskFilters, v.UpdatedAt);
}

public static class PreferenceQueries
{
    public static async Task<NotificationPreferencesView> LoadPreferencesAsync(this IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<NotificationPreferencesView>(NotificationPreferencesView.DocumentId, ct) ?? NotificationPreferencesView.Defaults();
}

public sealed class GetEndpoint(IQuerySession session) : EndpointWithoutRequest<PreferencesResponse>
{
    public override void Configure()
    {
        Get("/api/notification-preferences");
        Summary(s => s.Summary = "The notification preferences: enabled, sound, risk_filters (defaults until first written)");
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(PreferencesResponse.From(await session.LoadPreferencesAsync(ct)), ct);
}

public sealed class PutRequest
{
    public bool? Enabled { get; set; }

    /// <summary>none, default, alert, chime or urgent.</summary>
    public NotificationSound? Sound { get; set; }

    /// <summary>The risk levels delivered: critical, high, medium, low.</summary>
    public List<RiskLevel>? RiskFilters { get; set; }
}

public sealed class PutValidator : Validator<PutRequest>
{
    public PutValidator() => RuleFor(r => r.RiskFilters).Must(f => f is null || f.Count <= 8).WithMessage("risk_filters may name each level once");
}

public sealed class PutEndpoint(AlertWrites writes, IQuerySession session) : Endpoint<PutRequest, PreferencesResponse>
{
    public override void Configure()
    {
        Put("/api/notification-preferences");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change the notification preferences (only the fields sent); they apply before any alert is delivered");
    }

    public override async Task HandleAsync(PutRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.ChangePreferencesAsync(new ChangeNotificationPreferences(req.Enabled, req.Sound, req.RiskFilters), ct))) return;
        await Send.OkAsync(PreferencesResponse.From(await session.LoadPreferencesAsync(ct)), ct);
    }
}

/// <summary>A camera's setting; <c>id</c> is null until one is written (the defaults apply: enabled, threshold 0).</summary>
public sealed record CameraSettingResponse(Guid? Id, string CameraId, bool Enabled, int RiskThreshold)
{
    public static CameraSettingResponse From(CameraNotificationSettingView v) => new(v.Id, v.CameraId, v.Enabled, v.RiskThreshold);
}

public sealed class CamerasRequest : HistoryPage;

public sealed class CamerasValidator : HistoryPageValidator<CamerasRequest>;

public sealed class CamerasEndpoint(IQuerySession session) : Endpoint<CamerasRequest, ListEnvelope<CameraSettingResponse>>
{
    public override void Configure()
    {
        Get("/api/notification-preferences/cameras");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "The per-camera notification settings written so far, by camera id");
    }

    public override async Task HandleAsync(CamerasRequest req, CancellationToken ct)
    {
        var all = (await session.LoadPreferencesAsync(ct)).Cameras.Select(CameraSettingResponse.From).ToList();
        await Send.OkAsync(ListEnvelope<CameraSettingResponse>.PageOf(all, req), ct);
    }
}

public sealed class CameraRequest
{
    public string CameraId { get; set; } = "";
}

public sealed class CameraGetEndpoint(IQuerySession session) : Endpoint<CameraRequest, CameraSettingResponse>
{
    public override void Configure()
    {
        Get("/api/notification-preferences/cameras/{camera_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "A camera's notification setting (404 for an unknown camera; the defaults until one is written)");
    }

    public override async Task HandleAsync(CameraRequest req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, HttpContext, ct) is null) return;
        var setting = (await session.LoadPreferencesAsync(ct)).Cameras.FirstOrDefault(c => c.CameraId == req.CameraId);
        await Send.OkAsync(setting is null ? new CameraSettingResponse(null, req.CameraId, true, 0) : CameraSettingResponse.From(setting), ct);
    }
}

public sealed class CameraPutRequest
{
    public string CameraId { get; set; } = "";

    public bool? Enabled { get; set; }

    /// <summary>0–100: alerts of events scoring below it are not delivered.</summary>
    public int? RiskThreshold { get; set; }
}

public sealed class CameraPutEndpoint(AlertWrites writes, IQuerySession session) : Endpoint<CameraPutRequest, CameraSettingResponse>
{
    public override void Configure()
    {
        Put("/api/notification-preferences/cameras/{camera_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Write a camera's notification setting (created enabled, threshold 0; only the fields sent change)");
    }

    public override async Task HandleAsync(CameraPutRequest req, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, HttpContext, ct) is null) return;
        if (await HttpContext.SentRefusalAsync(await writes.SetCameraAsync(req.CameraId, req.Enabled, req.RiskThreshold, ct))) return;
        var setting = (await session.LoadPreferencesAsync(ct)).Cameras.First(c => c.CameraId == req.CameraId);
        await Send.OkAsync(CameraSettingResponse.From(setting), ct);
    }
}

/// <summary>A quiet period; its times are wall-clock times of each camera's time zone (its property's, else TIMEZONE).</summary>
public sealed record QuietHoursResponse(Guid Id, string Label, string StartTime, string EndTime, IReadOnlyList<string> Days)
{
    public static QuietHoursResponse From(QuietPeriodView v) => new(v.Id, v.Label,
        v.StartTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), v.EndTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), v.Days);
}

public sealed class QuietHoursListRequest : HistoryPage;

public sealed class QuietHoursListValidator : HistoryPageValidator<QuietHoursListRequest>;

public sealed class QuietHoursListEndpoint(IQuerySession session) : Endpoint<QuietHoursListRequest, ListEnvelope<QuietHoursResponse>>
{
    public override void Configure()
    {
        Get("/api/notification-preferences/quiet-hours");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Quiet periods: alerts in them are kept, with suppressed_by, and not delivered");
    }

    public override async Task HandleAsync(QuietHoursListRequest req, CancellationToken ct)
    {
        var all = (await session.LoadPreferencesAsync(ct)).QuietHours.Select(QuietHoursResponse.From).ToList();
        await Send.OkAsync(ListEnvelope<QuietHoursResponse>.PageOf(all, req), ct);
    }
}

public sealed class QuietHoursCreateRequest
{
    /// <summary>1–255 characters.</summary>
    public string? Label { get; set; }

    /// <summary>HH:MM or HH:MM:SS; after end_time, the period crosses midnight.</summary>
    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    /// <summary>monday..sunday or mon..sun; left out: every day.</summary>
    public List<string>? Days { get; set; }
}

public sealed class QuietHoursCreateEndpoint(AlertWrites writes, IQuerySession session) : Endpoint<QuietHoursCreateRequest, QuietHoursResponse>
{
    public override void Configure()
    {
        Post("/api/notification-preferences/quiet-hours");
        Description(b => b.Produces<QuietHoursResponse>(201).Produces<ErrorDetail>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Add a quiet period (start and end must differ; it may cross midnight)");
    }

    public override async Task HandleAsync(QuietHoursCreateRequest req, CancellationToken ct)
    {
        var (id, outcome) = await writes.AddQuietHoursAsync(req.Label, req.StartTime, req.EndTime, req.Days, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var added = (await session.LoadPreferencesAsync(ct)).QuietHours.First(q => q.Id == id);
        HttpContext.Response.Headers.Location = $"/api/notification-preferences/quiet-hours/{id}";
        await Send.ResponseAsync(QuietHoursResponse.From(added), StatusCodes.Status201Created, ct);
    }
}

public sealed class QuietHoursRequest
{
    public Guid QuietHoursId { get; set; }
}

public sealed class QuietHoursDeleteEndpoint(AlertWrites writes) : Endpoint<QuietHoursRequest>
{
    public override void Configure()
    {
        Delete("/api/notification-preferences/quiet-hours/{quiet_hours_id}");
        Description(b => b.Produces(204).Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Remove a quiet period");
    }

    public override async Task HandleAsync(QuietHoursRequest req, CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await writes.RemoveQuietHoursAsync(req.QuietHoursId, ct))) return;
        await Send.NoContentAsync(ct);
    }
}
