using FluentValidation;
using Hsi.Domain.Entities;
using Hsi.Projections.Entities;

namespace Hsi.Api.Features.Entities.Trust;

public sealed class Request : EntityRequest
{
    /// <summary>trusted, untrusted or unclassified (required).</summary>
    public TrustStatus? TrustStatus { get; set; }

    /// <summary>At most 500 characters; replaces the notes before (left out or null: none).</summary>
    public string? Notes { get; set; }

    /// <summary>The entity's version as read; a stale one is 409 with current_version (left out: whatever is current).</summary>
    public long? Version { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.TrustStatus).NotNull();
        RuleFor(r => r.Notes).MaximumLength(EntityDecisions.MaxNotesLength);
        RuleFor(r => r.Version).GreaterThanOrEqualTo(0);
    }
}

public sealed class Endpoint(EntityWrites writes, IQuerySession session) : Endpoint<Request, EntityTrustResponse>
{
    public override void Configure()
    {
        Patch("/api/entities/{entity_id}/trust");
        Description(b => b.Produces<ErrorDetail>(404).Produces<VersionConflict>(409).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Classify an entity: trusted (lowers the risk of events it appears in), untrusted (raises it) or unclassified");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outcome = await writes.ChangeTrustAsync(new ChangeTrust(req.EntityId, req.TrustStatus!.Value, req.Notes), req.Version, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        if (await session.LoadEntityOrNotFoundAsync(req.EntityId, HttpContext, ct) is { } entity) await Send.OkAsync(EntityTrustResponse.From(entity), ct);
    }
}
