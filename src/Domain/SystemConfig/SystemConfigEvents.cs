namespace Hsi.Domain.SystemConfig;

/// <summary>
/// The settings an operator may change while the system runs (SPEC.md §3 System), as in force:
/// the environment's values with the recorded changes laid over them.
/// </summary>
public sealed record RuntimeSettings(
    int RetentionDays, int LogRetentionDays, double BatchWindowSeconds, double BatchIdleTimeoutSeconds,
    double DetectionConfidenceThreshold, double FastPathConfidenceThreshold)
{
    /// <summary>The settings after these changes (unknown names are ignored: an older event never breaks a newer reader).</summary>
    public RuntimeSettings With(IEnumerable<SettingChange> changes) =>
        changes.Aggregate(this, (s, c) => c.Setting switch
        {
            SettingNames.RetentionDays => s with { RetentionDays = (int)c.NewValue },
            SettingNames.LogRetentionDays => s with { LogRetentionDays = (int)c.NewValue },
            SettingNames.BatchWindowSeconds => s with { BatchWindowSeconds = c.NewValue },
            SettingNames.BatchIdleTimeoutSeconds => s with { BatchIdleTimeoutSeconds = c.NewValue },
            SettingNames.DetectionConfidenceThreshold => s with { DetectionConfidenceThreshold = c.NewValue },
            SettingNames.FastPathConfidenceThreshold => s with { FastPathConfidenceThreshold = c.NewValue },
            _ => s,
        });
}

/// <summary>The names clients know the settings by (CONTRACT.md, PATCH /api/system/config).</summary>
public static class SettingNames
{
    public const string RetentionDays = "retention_days";
    public const string LogRetentionDays = "log_retention_days";
    public const string BatchWindowSeconds = "batch_window_seconds";
    public const string BatchIdleTimeoutSeconds = "batch_idle_timeout_seconds";
    public const string DetectionConfidenceThreshold = "detection_confidence_threshold";
    public const string FastPathConfidenceThreshold = "fast_path_confidence_threshold";
}

/// <summary>One setting moved from the value in force to a new one.</summary>
public sealed record SettingChange(string Setting, double OldValue, double NewValue);

/// <summary>Someone changed settings at run time (on <c>config:system</c>); only the settings that moved are listed.</summary>
public record SystemConfigChanged(IReadOnlyList<SettingChange> Changes, DateTimeOffset At);
