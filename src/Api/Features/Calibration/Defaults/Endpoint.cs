using Hsi.Domain.Calibration;

namespace Hsi.Api.Features.Calibration.Defaults;

public sealed record Response(int LowThreshold, int MediumThreshold, int HighThreshold, double DecayFactor);

public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    private static readonly Response Defaults =
        new(Thresholds.Defaults.Low, Thresholds.Defaults.Medium, Thresholds.Defaults.High, Thresholds.Defaults.DecayFactor);

    public override void Configure()
    {
        Get("/api/calibration/defaults");
        Summary(s => s.Summary = "The thresholds and decay factor a reset goes back to");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Defaults, ct);
}
