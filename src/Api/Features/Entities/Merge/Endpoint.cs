using System.Text.Json.Serialization;
using FluentValidation;
using Hsi.Domain.Entities;

namespace Hsi.Api.Features.Entities.Merge;

/// <summary>
/// <c>POST /api/entities/{entity_id}/merge {"entity_id": "&lt;other&gt;", "version"?}</c>: the route's
/// entity survives and the body's is absorbed into it (<c>source_entity_id</c> is accepted for the same).
/// </summary>
public sealed class Request
{
    /// <summary>The surviving entity: the route's (the body's entity_id is the other one).</summary>
    [JsonIgnore] public Guid EntityId { get; set; }

    /// <summary>The entity absorbed: its appearances move to the route's entity, and it is no longer listed.</summary>
    [JsonPropertyName("entity_id")] public Guid? OtherEntityId { get; set; }

    /// <summary>Another name for entity_id.</summary>
    public Guid? SourceEntityId { get; set; }

    /// <summary>The surviving entity's version as read; a stale one is 409 with current_version.</summary>
    public long? Version { get; set; }

    [JsonIgnore] public Guid? Absorbed => OtherEntityId ?? SourceEntityId;
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Absorbed).NotNull().WithName("entity_id").WithMessage("entity_id (or source_entity_id) names the entity to merge in");
        RuleFor(r => r).Must(r => r.OtherEntityId is null || r.SourceEntityId is null || r.OtherEntityId == r.SourceEntityId)
            .WithName("source_entity_id").WithMessage("entity_id and source_entity_id name different entities");
        RuleFor(r => r.Version).GreaterThanOrEqualTo(0);
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
        var outcome = await writes.MergeAsync(new MergeEntities(req.EntityId, req.Absorbed!.Value), req.Version, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        if (await session.LoadEntityOrNotFoundAsync(req.EntityId, HttpContext, ct) is not { } entity) return;
        await Send.OkAsync(EntityDetail.From(entity, await session.CameraNamesAsync(entity.Appearances.Select(a => a.CameraId), ct)), ct);
    }
}
