using Hsi.Domain.Entities;

namespace Hsi.Api.Features.Entities.History;

public sealed class Request : EntityRequest;

/// <summary>SEED-API §4: an entity's appearances in time order, and how many.</summary>
public sealed record EntityHistory(Guid EntityId, EntityType EntityType, IReadOnlyList<EntityAppearanceResponse> Appearances, int Count);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, EntityHistory>
{
    public override void Configure()
    {
        Get("/api/entities/{entity_id}/history");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "An entity's appearances across cameras, in time order");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadEntityOrNotFoundAsync(req.EntityId, HttpContext, ct) is not { } entity) return;
        var names = await session.CameraNamesAsync(entity.Appearances.Select(a => a.CameraId), ct);
        var appearances = entity.Appearances.Select(a => EntityAppearanceResponse.From(a, names)).ToList();
        await Send.OkAsync(new EntityHistory(entity.Id, entity.EntityType, appearances, appearances.Count), ct);
    }
}
