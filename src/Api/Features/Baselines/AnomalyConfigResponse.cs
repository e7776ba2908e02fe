using Hsi.Projections.Baselines;

namespace Hsi.Api.Features.Baselines;

/// <summary>The anomaly configuration in force; <c>version</c> 0 and <c>updated_at</c> null while it is the defaults.</summary>
public sealed record AnomalyConfigResponse(double ThresholdStdev, int MinSamples, int WindowDays, long Version, DateTimeOffset? UpdatedAt)
{
    public static AnomalyConfigResponse Of(AnomalyConfigView? view)
    {
        var config = AnomalyConfigView.InForce(view);
        return new(config.ThresholdStdev, config.MinSamples, config.WindowDays, view?.StreamVersion ?? 0, view?.UpdatedAt);
    }
}
