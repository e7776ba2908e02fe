using Hsi.Domain.Calibration;

namespace Hsi.Domain.Alerts;

public enum NotificationSound { None, Default, Alert, Chime, Urgent }

/// <summary>The global notification preferences changed (on <c>config:notifications</c>); the whole of them after the change.</summary>
public record NotificationPreferencesChanged(bool Enabled, NotificationSound Sound, IReadOnlyList<RiskLevel> RiskFilters, DateTimeOffset At);

/// <summary>A camera's notification setting was written; <paramref name="SettingId"/> is given on the camera's first setting and kept.</summary>
public record CameraNotificationSettingChanged(Guid SettingId, string CameraId, bool Enabled, int RiskThreshold, DateTimeOffset At);

/// <summary>A quiet period: no alert is delivered in it (alerts are still raised, with suppressed_by).</summary>
public record QuietHoursAdded(Guid QuietHoursId, string Label, TimeOnly StartTime, TimeOnly EndTime, IReadOnlyList<string> Days, DateTimeOffset At);

public record QuietHoursRemoved(Guid QuietHoursId, DateTimeOffset At);
