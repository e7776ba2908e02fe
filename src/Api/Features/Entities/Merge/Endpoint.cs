using System.Text.Json.Serialization;
using FluentValidation;
using Hsi.Domain.Entities;

namespace Hsi.Api.Features.Entities.Merge;

/// <summary>
/// <c>POST /api/entities/{entity_id}/merge {"entity_id": "&lt;other&gt;", "version"?}</c>: the route's
/// entity survives and the body's is absorbed into it (<c>source_entity_id</c> is accepted for the same).
/// </summary>
public sealed class Request : EntityRequest
{
    [FromBody] public MergeBody Body { get; set; } = new();
}

public sealed class MergeBody
{
    /// <summary>The entity absorbed: its appearances move to the route's entity, and it is no longer listed.</summary>
    public Guid? EntityId { get; set; }

    /// <summary>Another name for entity_id.</summary>
    public Guid? SourceEntityId { get; set; }

    /// <summary>The surviving entity's version as read; a stale one is 409 with current_version.</summary>
    public long? Version { get; set; }

    [JsonIgnore] public Guid? Absorbed => EntityId ?? SourceEntityId;
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Body).NotNull().OverridePropertyName("__root__").WithMessage("the body must be a JSON object");
        When(r => r.Body is not null, () =>
        {
            RuleFor(r => r.Body.Absorbed).NotNull().OverridePropertyName("entity_id").WithMessage("entity_id (or source_entity_id) names the entity to merge in");
            RuleFor(r => r.Body).Must(b => b.EntityId is null || b.SourceEntityId is null || b.EntityId == b.SourceEntityId)
                .OverridePropertyName("source_entity_id").WithMessage("entity_id and source_entity_id name different entities");
            RuleFor(r => r.Body.Version).GreaterThanOrEqualTo(0).OverridePropertyName("version");
        });
    }
}

public sealed class Endpoint(EntityWrites writes, IQuerySession session) : Endpoint<Request, EntityDetail>
{
    public override void Configure()
    {
        Post("/api/entities/{entity_id}/merge");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Two entities are one: the body's entity_id is merged into the route's (its appearances move, it is no longer listed)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outcome = await writes.MergeAsync(new MergeEntities(req.EntityId, req.Body.Absorbed!.Value), req.Body.Version, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        if (await session.LoadEntityOrNotFoundAsync(req.EntityId, HttpContext, ct) is not { } entity) return;
        await Send.OkAsync(EntityDetail.From(entity, await session.CameraNamesAsync(entity.Appearances.Select(a => a.CameraId), ct)), ct);
    }
}
