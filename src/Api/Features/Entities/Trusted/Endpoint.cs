using Hsi.Api.Features.Entities.List;
using Hsi.Domain.Entities;
using Hsi.Projections.Entities;

namespace Hsi.Api.Features.Entities.Trusted;

public sealed class Request : EntityListRequest;

public sealed class Validator : Validator<Request>
{
    public Validator() => this.AddListRules();
}

/// <summary>The entities of one trust status, last seen first.</summary>
public abstract class TrustListEndpoint(IQuerySession session, TrustStatus status) : Endpoint<Request, ListEnvelope<EntityTrustResponse>>
{
    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var filtered = session.Query<EntityView>().Where(e => e.TrustStatus == status);
        if (req.EntityType is { } type) filtered = filtered.Where(e => e.EntityType == type);
        await Send.OkAsync(await EntityListRules.PageAsync(filtered, req, EntityTrustResponse.From, ct), ct);
    }
}

public sealed class Endpoint(IQuerySession session) : TrustListEndpoint(session, TrustStatus.Trusted)
{
    public override void Configure()
    {
        Get("/api/entities/trusted");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Entities marked trusted (household, known cars)");
    }
}
