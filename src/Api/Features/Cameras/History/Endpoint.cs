using Hsi.Api.Infrastructure;

namespace Hsi.Api.Features.Cameras.History;

public sealed class Request : HistoryPage
{
    public string Id { get; set; } = "";
}

public sealed class Validator : HistoryPageValidator<Request>;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<StreamEventEntry>>
{
    public override void Configure()
    {
        Get("/api/cameras/{id}/history");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Every stored event of a camera's stream, oldest first (also for a deleted camera), paged by limit/offset");
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        HttpContext.SendHistoryAsync(session, StreamKeys.Camera(req.Id), req, CameraQueries.NotFound(req.Id), ct);
}
