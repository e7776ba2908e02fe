using Hsi.Projections.SystemConfig;

namespace Hsi.Api.Features.SystemConfig.Get;

public sealed class Endpoint(IQuerySession session, LiveSystemConfig live, HsiSettings settings, IHostEnvironment environment)
    : EndpointWithoutRequest<ConfigResponse>
{
    public override void Configure()
    {
        Get("/api/system/config");
        Summary(s => s.Summary = "The effective configuration: the environment's values with the changes made at run time");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var view = await session.LoadAsync<SystemConfigView>(SystemConfigView.SingletonId, ct);
        await Send.OkAsync(ConfigResponse.Of(live.Effective(view), settings, environment), ct);
    }
}
