using Hsi.Projections.SystemConfig;

namespace Hsi.Api.Features.SystemConfig.History;

public sealed class Request : HistoryPage;

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<SystemConfigHistoryEntry>>
{
    public override void Configure()
    {
        Get("/api/system/config/history");
        Summary(s => s.Summary = "Every run-time change of the configuration, newest first: which settings moved, from what to what, and when; paged by limit/offset");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var history = await session.LoadAsync<SystemConfigHistoryView>(SystemConfigView.SingletonId, ct);
        await Send.OkAsync(ListEnvelope<SystemConfigHistoryEntry>.NewestFirstPageOf(history?.Changes, req), ct);
    }
}
