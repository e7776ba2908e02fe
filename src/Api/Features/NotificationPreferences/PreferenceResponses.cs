using System.Globalization;
using Hsi.Domain.Alerts;
using Hsi.Domain.Calibration;
using Hsi.Projections.Alerts;

namespace Hsi.Api.Features.NotificationPreferences;

public sealed record PreferencesResponse(bool Enabled, NotificationSound Sound, IReadOnlyList<RiskLevel> RiskFilters, DateTimeOffset? UpdatedAt)
{
    public static PreferencesResponse From(NotificationPreferencesView v) => new(v.Enabled, v.Sound, v.RiskFilters, v.UpdatedAt);
}

public static class PreferenceQueries
{
    public static async Task<NotificationPreferencesView> LoadPreferencesAsync(this IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<NotificationPreferencesView>(NotificationPreferencesView.DocumentId, ct) ?? NotificationPreferencesView.Defaults();
}

/// <summary>A camera's setting; <c>id</c> is null until one is written (the defaults apply: enabled, threshold 0).</summary>
public sealed record CameraSettingResponse(Guid? Id, string CameraId, bool Enabled, int RiskThreshold)
{
    public static CameraSettingResponse From(CameraNotificationSettingView v) => new(v.Id, v.CameraId, v.Enabled, v.RiskThreshold);
}

/// <summary>A quiet period; its times are wall-clock times of each camera's time zone (its property's, else TIMEZONE).</summary>
public sealed record QuietHoursResponse(Guid Id, string Label, string StartTime, string EndTime, IReadOnlyList<string> Days)
{
    public static QuietHoursResponse From(QuietPeriodView v) => new(v.Id, v.Label,
        v.StartTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), v.EndTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture), v.Days);
}

public class CameraRequest
{
    public string CameraId { get; set; } = "";
}
