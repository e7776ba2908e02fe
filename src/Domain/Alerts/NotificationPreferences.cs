using Hsi.Domain.Calibration;
using Hsi.Domain.Common;

namespace Hsi.Domain.Alerts;

public sealed record CameraNotificationSetting(Guid Id, string CameraId, bool Enabled, int RiskThreshold);

public sealed record QuietPeriod(Guid Id, string Label, TimeOnly StartTime, TimeOnly EndTime, IReadOnlyList<string> Days);

/// <summary>Write-side state of <c>config:notifications</c>: what applies before any alert is delivered.</summary>
public sealed record NotificationPreferences(
    bool Enabled, NotificationSound Sound, IReadOnlyList<RiskLevel> RiskFilters,
    IReadOnlyDictionary<string, CameraNotificationSetting> Cameras, IReadOnlyList<QuietPeriod> QuietHours) : IEvolving<NotificationPreferences>
{
    /// <summary>Before anything is written (SEED-API §6): enabled, the default sound, critical, high and medium.</summary>
    public static readonly NotificationPreferences Defaults =
        new(true, NotificationSound.Default, [RiskLevel.Critical, RiskLevel.High, RiskLevel.Medium], new Dictionary<string, CameraNotificationSetting>(), []);

    public static NotificationPreferences? Evolve(NotificationPreferences? state, object e)
    {
        var s = state ?? Defaults;
        return e switch
        {
            NotificationPreferencesChanged x => s with { Enabled = x.Enabled, Sound = x.Sound, RiskFilters = x.RiskFilters },
            CameraNotificationSettingChanged x => s with
            {
                Cameras = new Dictionary<string, CameraNotificationSetting>(s.Cameras)
                {
                    [x.CameraId] = new(x.SettingId, x.CameraId, x.Enabled, x.RiskThreshold),
                },
            },
            QuietHoursAdded x => s with { QuietHours = [.. s.QuietHours, new QuietPeriod(x.QuietHoursId, x.Label, x.StartTime, x.EndTime, x.Days)] },
            QuietHoursRemoved x => s with { QuietHours = [.. s.QuietHours.Where(q => q.Id != x.QuietHoursId)] },
            _ => state,
        };
    }

    /// <summary>
    /// Why an alert of <paramref name="riskLevel"/>/<paramref name="riskScore"/> on <paramref name="cameraId"/> is not delivered at
    /// <paramref name="localNow"/> (the camera's wall clock), or null when it is: notifications off, a level not in risk_filters,
    /// the camera's setting off or above the score, or a quiet period.
    /// </summary>
    public string? SuppressionOf(string cameraId, RiskLevel riskLevel, int riskScore, DateTime localNow)
    {
        if (!Enabled) return "notifications_disabled";
        if (!RiskFilters.Contains(riskLevel)) return $"risk_filter:{riskLevel.Name()}";
        if (Cameras.TryGetValue(cameraId, out var camera))
        {
            if (!camera.Enabled) return "camera_disabled";
            if (riskScore < camera.RiskThreshold) return $"camera_threshold:{camera.RiskThreshold}";
        }
        return QuietHours.FirstOrDefault(q => WeekDays.InWindow(localNow, q.Days, q.StartTime, q.EndTime)) is { } quiet
            ? $"quiet_hours:{quiet.Id}"
            : null;
    }
}

public record ChangeNotificationPreferences(bool? Enabled, NotificationSound? Sound, IReadOnlyList<RiskLevel>? RiskFilters);

public record SetCameraNotification(Guid NewSettingId, string CameraId, bool? Enabled, int? RiskThreshold);

/// <param name="Days">As sent: full or short day names; null for every day.</param>
public record AddQuietHours(Guid QuietHoursId, string? Label, string? StartTime, string? EndTime, IReadOnlyList<string>? Days);

public record RemoveQuietHours(Guid QuietHoursId);

/// <summary>Pure deciders of <c>config:notifications</c>.</summary>
public static class NotificationPreferenceDecisions
{
    public const int MaxQuietPeriods = 50;
    public const int MaxLabelLength = 255;

    public static Decision Change(ChangeNotificationPreferences cmd, NotificationPreferences? state, DateTimeOffset now)
    {
        var s = state ?? NotificationPreferences.Defaults;
        var filters = cmd.RiskFilters is { } sent ? (IReadOnlyList<RiskLevel>)[.. Enum.GetValues<RiskLevel>().Reverse().Where(sent.Contains)] : s.RiskFilters;
        var changed = new NotificationPreferencesChanged(cmd.Enabled ?? s.Enabled, cmd.Sound ?? s.Sound, filters, now);
        return changed.Enabled == s.Enabled && changed.Sound == s.Sound && filters.SequenceEqual(s.RiskFilters) && state is not null
            ? Decision.Of()
            : Decision.Of(changed);
    }

    /// <summary>Upserts a camera's setting (created enabled, threshold 0); the camera's existence is the caller's to check.</summary>
    public static Decision SetCamera(SetCameraNotification cmd, NotificationPreferences? state, DateTimeOffset now)
    {
        if (cmd.RiskThreshold is < 0 or > 100) return Decision.Refuse(ErrorKind.Invalid, "risk_threshold must be between 0 and 100", "risk_threshold");
        var before = (state ?? NotificationPreferences.Defaults).Cameras.GetValueOrDefault(cmd.CameraId);
        var setting = new CameraNotificationSettingChanged(before?.Id ?? cmd.NewSettingId, cmd.CameraId,
            cmd.Enabled ?? before?.Enabled ?? true, cmd.RiskThreshold ?? before?.RiskThreshold ?? 0, now);
        return before is not null && before.Enabled == setting.Enabled && before.RiskThreshold == setting.RiskThreshold
            ? Decision.Of()
            : Decision.Of(setting);
    }

    public static Decision AddQuietHours(AddQuietHours cmd, NotificationPreferences? state, DateTimeOffset now)
    {
        var s = state ?? NotificationPreferences.Defaults;
        var label = cmd.Label?.Trim();
        if (string.IsNullOrEmpty(label) || label.Length > MaxLabelLength)
            return Refuse($"label must be 1–{MaxLabelLength} characters", "label");
        if (WeekDays.ParseTime(cmd.StartTime) is not { } start) return Refuse("start_time must be HH:MM or HH:MM:SS, 00:00 to 23:59:59", "start_time");
        if (WeekDays.ParseTime(cmd.EndTime) is not { } end) return Refuse("end_time must be HH:MM or HH:MM:SS, 00:00 to 23:59:59", "end_time");
        if (start == end) return Refuse("start_time and end_time must differ (a period may cross midnight)", "end_time");
        var (days, problem) = cmd.Days is { } names ? WeekDays.ParseAll(names) : (WeekDays.All, null);
        if (problem is not null) return Refuse(problem, "days");
        if (days.Count == 0) return Refuse("days must name at least one day (leave it out for every day)", "days");
        if (s.QuietHours.Count >= MaxQuietPeriods)
            return Decision.Refuse(ErrorKind.Conflict, $"There are {MaxQuietPeriods} quiet periods, the most there may be");
        return Decision.Of(new QuietHoursAdded(cmd.QuietHoursId, label, start, end, days, now));
    }

    public static Decision RemoveQuietHours(RemoveQuietHours cmd, NotificationPreferences? state, DateTimeOffset now) =>
        (state ?? NotificationPreferences.Defaults).QuietHours.Any(q => q.Id == cmd.QuietHoursId)
            ? Decision.Of(new QuietHoursRemoved(cmd.QuietHoursId, now))
            : Decision.Refuse(ErrorKind.NotFound, $"Quiet hours {cmd.QuietHoursId} not found");

    private static Decision Refuse(string message, string field) => Decision.Refuse(ErrorKind.Invalid, message, field);
}
