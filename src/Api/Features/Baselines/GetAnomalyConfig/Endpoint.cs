using Hsi.Projections.Baselines;

namespace Hsi.Api.Features.Baselines.GetAnomalyConfig;

public sealed class Endpoint(IQuerySession session) : EndpointWithoutRequest<AnomalyConfigResponse>
{
    public override void Configure()
    {
        Get("/api/system/anomaly-config");
        Summary(s => s.Summary = "How activity baselines judge an hour: threshold_stdev (σ), min_samples (hours a cell needs), window_days");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(AnomalyConfigResponse.Of(await session.LoadAsync<AnomalyConfigView>(AnomalyConfigView.SingletonId, ct)), ct);
}
