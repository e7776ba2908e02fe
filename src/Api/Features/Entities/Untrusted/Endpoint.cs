using Hsi.Api.Features.Entities.Trusted;
using Hsi.Domain.Entities;

namespace Hsi.Api.Features.Entities.Untrusted;

public sealed class Endpoint(IQuerySession session) : TrustListEndpoint(session, TrustStatus.Untrusted)
{
    public override void Configure()
    {
        Get("/api/entities/untrusted");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Entities marked untrusted");
    }
}
