using Hsi.Projections.Baselines;

namespace Hsi.Api.Features.Baselines.AnomalyConfigHistory;

public sealed class Request : HistoryPage;

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<AnomalyConfigHistoryEntry>>
{
    public override void Configure()
    {
        Get("/api/system/anomaly-config/history");
        Summary(s => s.Summary = "Every change of the anomaly configuration, newest first: which settings moved and the configuration after it; paged by limit/offset");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var view = await session.LoadAsync<AnomalyConfigView>(AnomalyConfigView.SingletonId, ct);
        await Send.OkAsync(ListEnvelope<AnomalyConfigHistoryEntry>.NewestFirstPageOf(view?.History, req), ct);
    }
}
