namespace Hsi.Api.Features.Entities.Get;

public sealed class Request : EntityRequest;

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, EntityDetail>
{
    public override void Configure()
    {
        Get("/api/entities/{entity_id}");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "One entity with its appearances, oldest first");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadEntityOrNotFoundAsync(req.EntityId, HttpContext, ct) is not { } entity) return;
        var names = await session.CameraNamesAsync(entity.Appearances.Select(a => a.CameraId), ct);
        await Send.OkAsync(EntityDetail.From(entity, names), ct);
    }
}
