using Hsi.Domain.Common;

namespace Hsi.Domain.Baselines;

/// <summary>
/// How activity baselines judge an hour (SPEC.md §6 Baselines): an hour is anomalous beyond
/// <see cref="ThresholdStdev"/> standard deviations, once its cell holds <see cref="MinSamples"/>
/// sampled hours, counted over the last <see cref="WindowDays"/> days.
/// </summary>
public sealed record AnomalyConfig(double ThresholdStdev, int MinSamples, int WindowDays)
{
    public static readonly AnomalyConfig Defaults = new(2.0, 10, 30);

    public const double MaxThresholdStdev = 10;
    public const int MaxMinSamples = 10_000;
    public const int MaxWindowDays = 365;
}

/// <summary>The anomaly configuration changed (on <c>config:anomaly</c>); the settings in force after the change, and which moved.</summary>
public record AnomalyConfigChanged(AnomalyConfig Config, IReadOnlyList<string> Changed, DateTimeOffset At);

/// <summary>Write-side state of <c>config:anomaly</c>: the configuration in force.</summary>
public sealed record AnomalyConfigState(AnomalyConfig Config) : IEvolving<AnomalyConfigState>
{
    public static AnomalyConfigState? Evolve(AnomalyConfigState? state, object e) => e is AnomalyConfigChanged x ? new(x.Config) : state;

    public static AnomalyConfig InForce(AnomalyConfigState? state) => state?.Config ?? AnomalyConfig.Defaults;
}

/// <summary>Set some of the anomaly settings; those left null keep the value in force.</summary>
public sealed record ChangeAnomalyConfig(double? ThresholdStdev = null, int? MinSamples = null, int? WindowDays = null);

/// <summary>Pure decider of <c>config:anomaly</c>.</summary>
public static class AnomalyConfigDecisions
{
    public const string ThresholdStdevField = "threshold_stdev";
    public const string MinSamplesField = "min_samples";
    public const string WindowDaysField = "window_days";

    public static Decision Change(ChangeAnomalyConfig cmd, AnomalyConfigState? state, DateTimeOffset now)
    {
        if (cmd.ThresholdStdev is { } t && (!double.IsFinite(t) || t <= 0 || t > AnomalyConfig.MaxThresholdStdev))
            return Decision.Refuse(ErrorKind.Invalid, $"{ThresholdStdevField} must be above 0 and at most {AnomalyConfig.MaxThresholdStdev}, not {t}", ThresholdStdevField);
        if (cmd.MinSamples is < 1 or > AnomalyConfig.MaxMinSamples)
            return Decision.Refuse(ErrorKind.Invalid, $"{MinSamplesField} must be between 1 and {AnomalyConfig.MaxMinSamples}, not {cmd.MinSamples}", MinSamplesField);
        if (cmd.WindowDays is < 1 or > AnomalyConfig.MaxWindowDays)
            return Decision.Refuse(ErrorKind.Invalid, $"{WindowDaysField} must be between 1 and {AnomalyConfig.MaxWindowDays}, not {cmd.WindowDays}", WindowDaysField);

        var current = AnomalyConfigState.InForce(state);
        var next = new AnomalyConfig(cmd.ThresholdStdev ?? current.ThresholdStdev, cmd.MinSamples ?? current.MinSamples, cmd.WindowDays ?? current.WindowDays);
        var changed = new List<string>();
        if (next.ThresholdStdev != current.ThresholdStdev) changed.Add(ThresholdStdevField);
        if (next.MinSamples != current.MinSamples) changed.Add(MinSamplesField);
        if (next.WindowDays != current.WindowDays) changed.Add(WindowDaysField);
        // Setting what is already in force records nothing: the history lists real changes only.
        return changed.Count == 0 ? Decision.Of() : Decision.Of(new AnomalyConfigChanged(next, changed, now));
    }
}
