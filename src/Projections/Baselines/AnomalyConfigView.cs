using Hsi.Domain.Baselines;
using Hsi.Domain.Common;

namespace Hsi.Projections.Baselines;

/// <summary>The anomaly configuration in force (what <c>GET /api/system/anomaly-config</c> answers); absent until first changed.</summary>
public sealed class AnomalyConfigView
{
    public const string SingletonId = "anomaly";

    public string Id { get; set; } = SingletonId;
    public double ThresholdStdev { get; set; } = AnomalyConfig.Defaults.ThresholdStdev;
    public int MinSamples { get; set; } = AnomalyConfig.Defaults.MinSamples;
    public int WindowDays { get; set; } = AnomalyConfig.Defaults.WindowDays;

    /// <summary>The <c>config:anomaly</c> stream's version (Marten would take a property named Version for its own).</summary>
    public long StreamVersion { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Every change, oldest first: which settings moved and the configuration after it.</summary>
    public List<AnomalyConfigHistoryEntry> History { get; set; } = [];

    public static AnomalyConfig InForce(AnomalyConfigView? view) =>
        view is null ? AnomalyConfig.Defaults : new(view.ThresholdStdev, view.MinSamples, view.WindowDays);
}

public sealed class AnomalyConfigHistoryEntry
{
    public long Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public List<string> Changed { get; set; } = [];
    public double ThresholdStdev { get; set; }
    public int MinSamples { get; set; }
    public int WindowDays { get; set; }
}

/// <summary>The one writer of <see cref="AnomalyConfigView"/>: every <see cref="AnomalyConfigChanged"/> of <c>config:anomaly</c>.</summary>
public partial class AnomalyConfigViewProjection : MultiStreamProjection<AnomalyConfigView, string>
{
    public AnomalyConfigViewProjection() => Identity<AnomalyConfigChanged>(_ => AnomalyConfigView.SingletonId);

    public void Apply(IEvent<AnomalyConfigChanged> e, AnomalyConfigView view)
    {
        (view.ThresholdStdev, view.MinSamples, view.WindowDays) = (e.Data.Config.ThresholdStdev, e.Data.Config.MinSamples, e.Data.Config.WindowDays);
        view.StreamVersion = e.Version;
        view.UpdatedAt = StoredTime.Of(e.Data.At);
        view.History.Add(new AnomalyConfigHistoryEntry
        {
            Version = e.Version, ChangedAt = StoredTime.Of(e.Data.At), Changed = [.. e.Data.Changed],
            ThresholdStdev = e.Data.Config.ThresholdStdev, MinSamples = e.Data.Config.MinSamples, WindowDays = e.Data.Config.WindowDays,
        });
    }
}
