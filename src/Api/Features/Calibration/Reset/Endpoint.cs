using Hsi.Projections.Calibration;

namespace Hsi.Api.Features.Calibration.Reset;

public sealed record Response(string Message, CalibrationView Calibration);

public sealed class Endpoint(CalibrationWrites commands, IQuerySession session) : EndpointWithoutRequest<Response>
{
    public const string Message = "Calibration reset to defaults";

    public override void Configure()
    {
        Post("/api/calibration/reset");
        Description(b => b.Produces<ErrorDetail>(409));
        Summary(s => s.Summary = "Put the thresholds and decay factor back to the defaults; the feedback counters stay");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await HttpContext.SentRefusalAsync(await commands.ResetAsync(ct))) return;
        await Send.OkAsync(new Response(Message, await session.LoadCalibrationAsync(commands, ct)), ct);
    }
}
