using Hsi.Api.Infrastructure;
using Hsi.Domain.Baselines;
using Hsi.Projections.Baselines;

namespace Hsi.Api.Features.Baselines.UpdateAnomalyConfig;

/// <summary>Anomaly settings to change; those left out (or null) keep the value in force.</summary>
public sealed class Request
{
    /// <summary>Standard deviations beyond which an hour is anomalous; above 0, at most 10 (2.0).</summary>
    public double? ThresholdStdev { get; set; }

    /// <summary>Hours a cell must hold before anything is judged on it; 1–10000 (10).</summary>
    public int? MinSamples { get; set; }

    /// <summary>Days of history a baseline is learnt from; 1–365 (30).</summary>
    public int? WindowDays { get; set; }
}

public sealed class Endpoint(EventStreamWriter writer, IQuerySession session, TimeProvider clock) : Endpoint<Request, AnomalyConfigResponse>
{
    public override void Configure()
    {
        Patch("/api/system/anomaly-config");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change how anomalies are judged (only the fields sent); recorded on config:anomaly, its history kept");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var cmd = new ChangeAnomalyConfig(req.ThresholdStdev, req.MinSamples, req.WindowDays);
        var outcome = await writer.DecideAsync<AnomalyConfigState>(StreamKeys.AnomalyConfig,
            state => AnomalyConfigDecisions.Change(cmd, state, clock.GetUtcNow()), null, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        await Send.OkAsync(AnomalyConfigResponse.Of(await session.LoadAsync<AnomalyConfigView>(AnomalyConfigView.SingletonId, ct)), ct);
    }
}
