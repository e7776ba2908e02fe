using Hsi.Domain.Common;
using Hsi.Domain.SystemConfig;

namespace Hsi.Domain.Tests.SystemConfig;

public class SystemConfigDecisionsTests
{
    private static readonly RuntimeSettings Environment = new(30, 7, 90, 30, 0.5, 0.9);
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-05-01T12:00:00Z");

    [Fact]
    public void Only_the_settings_that_move_are_recorded_with_their_old_and_new_values()
    {
        var decision = SystemConfigDecisions.Change(new ChangeSystemConfig(RetentionDays: 14, BatchWindowSeconds: 90, DetectionConfidenceThreshold: 0.6), Environment, Now);
        var changed = Assert.IsType<SystemConfigChanged>(Assert.Single(decision.Events));
        Assert.Equal([new SettingChange("retention_days", 30, 14), new SettingChange("detection_confidence_threshold", 0.5, 0.6)], changed.Changes);
        Assert.Equal(Now, changed.At);
        Assert.Equal(Environment with { RetentionDays = 14, DetectionConfidenceThreshold = 0.6 }, Environment.With(changed.Changes));
    }

    [Fact]
    public void Setting_the_values_in_force_records_nothing()
    {
        var decision = SystemConfigDecisions.Change(new ChangeSystemConfig(RetentionDays: 30, BatchIdleTimeoutSeconds: 30), Environment, Now);
        Assert.True(decision.Succeeded);
        Assert.Empty(decision.Events);
    }

    [Theory]
    [InlineData(0, null, null, null, "retention_days")]
    [InlineData(366, null, null, null, "retention_days")]
    [InlineData(null, 0, null, null, "batch_window_seconds")]
    [InlineData(null, null, 0, null, "batch_idle_timeout_seconds")]
    [InlineData(null, null, null, 1.01, "detection_confidence_threshold")]
    [InlineData(null, null, null, -0.5, "detection_confidence_threshold")]
    [InlineData(null, null, null, double.NaN, "detection_confidence_threshold")]
    public void Out_of_range_values_are_refused_naming_the_field(int? retention, int? window, int? idle, double? threshold, string field)
    {
        var decision = SystemConfigDecisions.Change(new ChangeSystemConfig(retention, null, window, idle, threshold), Environment, Now);
        Assert.Equal(ErrorKind.Invalid, decision.Error!.Kind);
        Assert.Equal(field, decision.Error.Field);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void The_limits_themselves_are_accepted()
    {
        var decision = SystemConfigDecisions.Change(new ChangeSystemConfig(365, 1, 1, 1, 0, 1), Environment, Now);
        Assert.True(decision.Succeeded);
        Assert.Equal(6, Assert.IsType<SystemConfigChanged>(Assert.Single(decision.Events)).Changes.Count);
    }
}
