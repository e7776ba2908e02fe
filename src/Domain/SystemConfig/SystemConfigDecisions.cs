using Hsi.Domain.Common;

namespace Hsi.Domain.SystemConfig;

/// <summary>Set some settings; those left null keep the value in force.</summary>
public record ChangeSystemConfig(
    int? RetentionDays = null, int? LogRetentionDays = null, int? BatchWindowSeconds = null, int? BatchIdleTimeoutSeconds = null,
    double? DetectionConfidenceThreshold = null, double? FastPathConfidenceThreshold = null);

/// <summary>Pure decider of the <c>config:system</c> stream (SPEC.md §3: retention 1–365, window/idle 1–3600 s, thresholds 0–1).</summary>
public static class SystemConfigDecisions
{
    public const int MaxRetentionDays = 365;

    /// <summary>An hour: a batch open longer groups unrelated activity into one event, and its timer must stay a sane delay.</summary>
    public const int MaxBatchSeconds = 3600;

    public static Decision Change(ChangeSystemConfig cmd, RuntimeSettings current, DateTimeOffset now)
    {
        if (Refusal(cmd) is { } refused) return refused;
        var changes = new List<SettingChange>();
        void Consider(string setting, double inForce, double? wanted)
        {
            if (wanted is { } value && value != inForce) changes.Add(new SettingChange(setting, inForce, value));
        }
        Consider(SettingNames.RetentionDays, current.RetentionDays, cmd.RetentionDays);
        Consider(SettingNames.LogRetentionDays, current.LogRetentionDays, cmd.LogRetentionDays);
        Consider(SettingNames.BatchWindowSeconds, current.BatchWindowSeconds, cmd.BatchWindowSeconds);
        Consider(SettingNames.BatchIdleTimeoutSeconds, current.BatchIdleTimeoutSeconds, cmd.BatchIdleTimeoutSeconds);
        Consider(SettingNames.DetectionConfidenceThreshold, current.DetectionConfidenceThreshold, cmd.DetectionConfidenceThreshold);
        Consider(SettingNames.FastPathConfidenceThreshold, current.FastPathConfidenceThreshold, cmd.FastPathConfidenceThreshold);
        // Setting what is already in force records nothing: the history lists real changes only.
        return changes.Count == 0 ? Decision.Of() : Decision.Of(new SystemConfigChanged(changes, now));
    }

    private static DomainError? Refusal(ChangeSystemConfig cmd)
    {
        foreach (var (name, days) in new[] { (SettingNames.RetentionDays, cmd.RetentionDays), (SettingNames.LogRetentionDays, cmd.LogRetentionDays) })
            if (days is < 1 or > MaxRetentionDays)
                return new DomainError(ErrorKind.Invalid, $"{name} must be between 1 and {MaxRetentionDays}, not {days}", name);
        foreach (var (name, seconds) in new[] { (SettingNames.BatchWindowSeconds, cmd.BatchWindowSeconds), (SettingNames.BatchIdleTimeoutSeconds, cmd.BatchIdleTimeoutSeconds) })
            if (seconds is < 1 or > MaxBatchSeconds)
                return new DomainError(ErrorKind.Invalid, $"{name} must be between 1 and {MaxBatchSeconds}, not {seconds}", name);
        foreach (var (name, threshold) in new[] { (SettingNames.DetectionConfidenceThreshold, cmd.DetectionConfidenceThreshold), (SettingNames.FastPathConfidenceThreshold, cmd.FastPathConfidenceThreshold) })
            if (threshold is { } t && (double.IsNaN(t) || t < 0 || t > 1))
                return new DomainError(ErrorKind.Invalid, $"{name} must be between 0 and 1, not {t}", name);
        return null;
    }
}
