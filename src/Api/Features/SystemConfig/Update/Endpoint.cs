using Hsi.Api.Infrastructure;
using Hsi.Domain.SystemConfig;
using Hsi.Projections.SystemConfig;

namespace Hsi.Api.Features.SystemConfig.Update;

/// <summary>Settings to change; those left out (or null) keep the value in force.</summary>
public sealed class Request
{
    /// <summary>Seconds after its last detection that a batch closes; 1–3600. Applies to open batches at their next check.</summary>
    public int? BatchIdleTimeoutSeconds { get; set; }

    /// <summary>Longest a batch stays open, in seconds; 1–3600.</summary>
    public int? BatchWindowSeconds { get; set; }

    /// <summary>0–1: detections below it are not recorded (the next file analysed uses it).</summary>
    public double? DetectionConfidenceThreshold { get; set; }

    /// <summary>0–1: a detection this confident, of a fast-path type, is its own event at once.</summary>
    public double? FastPathConfidenceThreshold { get; set; }

    /// <summary>1–365; kept for clients, the service stores no logs.</summary>
    public int? LogRetentionDays { get; set; }

    /// <summary>1–365: events and detections older than this are removed by the cleanup.</summary>
    public int? RetentionDays { get; set; }
}

public sealed class Endpoint(
    EventStreamWriter writer, IQuerySession session, LiveSystemConfig live, HsiSettings settings, IHostEnvironment environment, TimeProvider clock)
    : Endpoint<Request, ConfigResponse>
{
    public override void Configure()
    {
        Patch("/api/system/config");
        Description(b => b.Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Change settings at run time, without a restart; recorded on config:system (see the history)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var cmd = new ChangeSystemConfig(req.RetentionDays, req.LogRetentionDays, req.BatchWindowSeconds, req.BatchIdleTimeoutSeconds,
            req.DetectionConfidenceThreshold, req.FastPathConfidenceThreshold);
        // The settings in force are the environment's with the stream's changes laid over them.
        var outcome = await writer.DecideAsync<SystemConfigChanges>(StreamKeys.SystemConfig,
            changes => SystemConfigDecisions.Change(cmd, SystemConfigChanges.InForce(changes, live.Defaults), clock.GetUtcNow()), null, ct);
        if (await HttpContext.SentRefusalAsync(outcome)) return;
        var view = await session.LoadAsync<SystemConfigView>(SystemConfigView.SingletonId, ct);
        await Send.OkAsync(ConfigResponse.Of(live.Remember(view), settings, environment), ct);
    }
}
