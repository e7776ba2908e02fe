using FluentValidation;
using Hsi.Domain.Entities;

namespace Hsi.Api.Features.Entities.Reject;

public sealed class Request : EntityRequest
{
    public long DetectionId { get; set; }

    /// <summary>The entity's version as read; a stale one is 409 with current_version (left out: whatever is current). No body.</summary>
    [QueryParam] public long? Version { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Version).GreaterThanOrEqualTo(0);
}

public sealed class Endpoint(EntityWrites writes, IQuerySession session) : Endpoint<Request, EntityDetail>
{
    public override void Configure()
    {
        Post("/api/entities/{entity_id}/appearances/{detection_id}/reject");
        Description(b => b.Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Not this person: the appearance leaves the entity, and that detection's embedding never matches it again");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outcome = await writes.RejectAsync(new RejectAppearance(req.EntityId, req.DetectionId), req.Version, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        if (await session.LoadEntityOrNotFoundAsync(req.EntityId, HttpContext, ct) is not { } entity) return;
        await Send.OkAsync(EntityDetail.From(entity, await session.CameraNamesAsync(entity.Appearances.Select(a => a.CameraId), ct)), ct);
    }
}
