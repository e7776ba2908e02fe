using Hsi.Projections.Calibration;
using CalibrationState = Hsi.Domain.Calibration.Calibration;

namespace Hsi.Api.Features.Calibration.History;

public sealed class Request : HistoryPage;

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<CalibrationHistoryEntry>>
{
    public override void Configure()
    {
        Get("/api/calibration/history");
        Summary(s => s.Summary = "Every change of the calibration, newest first: who or what moved the thresholds and where to; paged by limit/offset");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var history = await session.LoadAsync<CalibrationHistoryView>(CalibrationState.DefaultUser, ct);
        await Send.OkAsync(ListEnvelope<CalibrationHistoryEntry>.NewestFirstPageOf(history?.Changes, req), ct);
    }
}
