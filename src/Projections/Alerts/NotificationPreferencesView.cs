using Hsi.Domain.Alerts;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;

namespace Hsi.Projections.Alerts;

public sealed class CameraNotificationSettingView
{
    public Guid Id { get; set; }
    public string CameraId { get; set; } = "";
    public bool Enabled { get; set; }
    public int RiskThreshold { get; set; }
}

public sealed class QuietPeriodView
{
    public Guid Id { get; set; }
    public string Label { get; set; } = "";
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }
    public List<string> Days { get; set; } = [];
}

/// <summary>The notification preferences as they are now (one document, <see cref="DocumentId"/>), with the defaults before any write.</summary>
public sealed class NotificationPreferencesView
{
    public const string DocumentId = "notifications";

    public string Id { get; set; } = DocumentId;
    public bool Enabled { get; set; } = NotificationPreferences.Defaults.Enabled;
    public NotificationSound Sound { get; set; } = NotificationPreferences.Defaults.Sound;
    public List<RiskLevel> RiskFilters { get; set; } = [.. NotificationPreferences.Defaults.RiskFilters];
    public List<CameraNotificationSettingView> Cameras { get; set; } = [];
    public List<QuietPeriodView> QuietHours { get; set; } = [];
    public DateTimeOffset? UpdatedAt { get; set; }

    public static NotificationPreferencesView Defaults() => new();

    /// <summary>The write-side state these preferences are the read model of (what raising an alert applies).</summary>
    public NotificationPreferences ToPreferences() => new(Enabled, Sound, RiskFilters,
        Cameras.ToDictionary(c => c.CameraId, c => new CameraNotificationSetting(c.Id, c.CameraId, c.Enabled, c.RiskThreshold)),
        [.. QuietHours.Select(q => new QuietPeriod(q.Id, q.Label, q.StartTime, q.EndTime, q.Days))]);
}

/// <summary>The one writer of <see cref="NotificationPreferencesView"/>, from <c>config:notifications</c>.</summary>
public partial class NotificationPreferencesViewProjection : MultiStreamProjection<NotificationPreferencesView, string>
{
    public NotificationPreferencesViewProjection()
    {
        Identity<NotificationPreferencesChanged>(_ => NotificationPreferencesView.DocumentId);
        Identity<CameraNotificationSettingChanged>(_ => NotificationPreferencesView.DocumentId);
        Identity<QuietHoursAdded>(_ => NotificationPreferencesView.DocumentId);
        Identity<QuietHoursRemoved>(_ => NotificationPreferencesView.DocumentId);
    }

    public void Apply(NotificationPreferencesChanged e, NotificationPreferencesView view)
    {
        (view.Enabled, view.Sound, view.RiskFilters) = (e.Enabled, e.Sound, [.. e.RiskFilters]);
        view.UpdatedAt = StoredTime.Of(e.At);
    }

    public void Apply(CameraNotificationSettingChanged e, NotificationPreferencesView view)
    {
        var setting = view.Cameras.FirstOrDefault(c => c.CameraId == e.CameraId);
        if (setting is null) view.Cameras.Add(setting = new CameraNotificationSettingView { Id = e.SettingId, CameraId = e.CameraId });
        (setting.Enabled, setting.RiskThreshold) = (e.Enabled, e.RiskThreshold);
        view.Cameras.Sort((a, b) => string.CompareOrdinal(a.CameraId, b.CameraId));
        view.UpdatedAt = StoredTime.Of(e.At);
    }

    public void Apply(QuietHoursAdded e, NotificationPreferencesView view)
    {
        view.QuietHours.Add(new QuietPeriodView { Id = e.QuietHoursId, Label = e.Label, StartTime = e.StartTime, EndTime = e.EndTime, Days = [.. e.Days] });
        view.UpdatedAt = StoredTime.Of(e.At);
    }

    public void Apply(QuietHoursRemoved e, NotificationPreferencesView view)
    {
        view.QuietHours.RemoveAll(q => q.Id == e.QuietHoursId);
        view.UpdatedAt = StoredTime.Of(e.At);
    }
}
