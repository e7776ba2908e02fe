using Hsi.Domain.Alerts;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;

namespace Hsi.Domain.Tests.Alerts;

public class NotificationPreferencesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 22, 0, 0, TimeSpan.Zero);

    private static NotificationPreferences After(params Decision[] decisions) =>
        StreamFold.Fold<NotificationPreferences>(decisions.SelectMany(d => d.Events)) ?? NotificationPreferences.Defaults;

    [Fact]
    public void Quiet_hours_across_midnight_suppress_delivery_inside_them_only()
    {
        var prefs = After(NotificationPreferenceDecisions.AddQuietHours(new AddQuietHours(Guid.NewGuid(), "Night", "22:00", "07:00:00", ["fri"]), null, T0));
        var quiet = prefs.QuietHours.Single();
        Assert.Equal(["friday"], quiet.Days);
        Assert.Equal($"quiet_hours:{quiet.Id}", prefs.SuppressionOf("porch", RiskLevel.High, 80, new DateTime(2026, 12, 5, 3, 0, 0)));
        Assert.Null(prefs.SuppressionOf("porch", RiskLevel.High, 80, new DateTime(2026, 12, 5, 8, 0, 0)));
    }

    [Fact]
    public void Preferences_filter_by_level_and_camera()
    {
        Assert.Equal("risk_filter:low", NotificationPreferences.Defaults.SuppressionOf("porch", RiskLevel.Low, 10, new DateTime(2026, 12, 5)));
        var off = After(NotificationPreferenceDecisions.Change(new ChangeNotificationPreferences(false, null, null), null, T0));
        Assert.Equal("notifications_disabled", off.SuppressionOf("porch", RiskLevel.Critical, 99, new DateTime(2026, 12, 5)));

        var camera = After(NotificationPreferenceDecisions.SetCamera(new SetCameraNotification(Guid.NewGuid(), "porch", null, 90), null, T0));
        Assert.Equal("camera_threshold:90", camera.SuppressionOf("porch", RiskLevel.High, 80, new DateTime(2026, 12, 5)));
        Assert.Null(camera.SuppressionOf("garage", RiskLevel.High, 80, new DateTime(2026, 12, 5)));
    }

    [Theory]
    [InlineData("", "22:00", "06:00", "label")]
    [InlineData("Night", "25:00", "06:00", "start_time")]
    [InlineData("Night", "22:00", "22:00", "end_time")]
    [InlineData("Night", "22:00:00", "22:00", "end_time")]
    public void A_bad_quiet_period_is_refused_naming_the_field(string label, string start, string end, string field) =>
        Assert.Equal(field, NotificationPreferenceDecisions.AddQuietHours(new AddQuietHours(Guid.NewGuid(), label, start, end, null), null, T0).Error!.Field);

    [Fact]
    public void Quiet_period_days_are_validated() =>
        Assert.Equal("days", NotificationPreferenceDecisions.AddQuietHours(new AddQuietHours(Guid.NewGuid(), "n", "22:00", "06:00", ["someday"]), null, T0).Error!.Field);

    [Fact]
    public void A_camera_threshold_beyond_100_is_refused() =>
        Assert.Equal("risk_threshold", NotificationPreferenceDecisions.SetCamera(new SetCameraNotification(Guid.NewGuid(), "porch", null, 101), null, T0).Error!.Field);
}
