using Hsi.Api.Features.Alerts.UpdateRule;

namespace Hsi.Api.Features.Alerts.PutRule;

/// <summary>The same partial change as PATCH, under the verb the seed's clients use.</summary>
public sealed class Endpoint(AlertWrites writes, IQuerySession session, HsiSettings settings) : ChangeEndpoint(writes, session, settings)
{
    public override void Configure()
    {
        Put("/api/alerts/rules/{rule_id}");
        Describe("Change an alert rule, as PATCH does");
    }
}
