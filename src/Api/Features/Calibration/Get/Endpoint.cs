using Hsi.Projections.Calibration;

namespace Hsi.Api.Features.Calibration.Get;

public sealed class Endpoint(IQuerySession session, CalibrationWrites commands) : EndpointWithoutRequest<CalibrationView>
{
    public override void Configure()
    {
        Get("/api/calibration");
        Summary(s => s.Summary = "The risk thresholds in force and the feedback counters; the defaults are recorded on first use");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await session.LoadCalibrationAsync(commands, ct), ct);
}
