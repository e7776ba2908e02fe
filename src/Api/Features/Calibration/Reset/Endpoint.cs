using FastEndpoints;
using Hsi.Api.Http;
using Hsi.Projections.Calibration;
using Marten;
using Wolverine;

namespace Hsi.Api.Features.Calibration.Reset;

public sealed record Response(string Message, CalibrationView Calibration);

public sealed class Endpoint(IMessageBus bus, IQuerySession session) : EndpointWithoutRequest<Response>
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
        if ((await bus.InvokeAsync<CalibrationOutcome>(new ResetCalibration(), ct)).Error is { } error)
        {
            await HttpContext.SendDomainError(error);
            return;
        }
        await Send.OkAsync(new Response(Message, await session.LoadCalibrationAsync(bus, ct)), ct);
    }
}
