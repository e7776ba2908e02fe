using System.Diagnostics;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.SecurityEvents;
using Hsi.Domain.Tracks;
using Hsi.Inference.Risk;
using Hsi.Projections.Baselines;
using Hsi.Projections.Cameras;
using Hsi.Projections.Enrichment;
using Hsi.Projections.Entities;
using Hsi.Projections.EventStore;
using Hsi.Projections.Zones;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime;
using Wolverine.Runtime.Handlers;

namespace Hsi.Inference.Handlers;

/// <summary>
/// Decides a closed security event's risk: loads the event, its camera and the calibration in force,
/// runs the analyzer and appends RiskAssessed. Idempotent: an event already assessed records nothing.
/// When the analysis fails for good, the event still gets the fallback decision (score 50,
/// "Analysis unavailable") and the message goes to the dead-letter storage (SPEC.md §1, §3 DLQ).
/// </summary>
public sealed class AssessRiskHandler(ILogger<AssessRiskHandler> logger)
{
    public static void Configure(HandlerChain chain)
    {
        // The analyzer has made its own retries (LLM_MAX_RETRIES); more would only delay the fallback.
        chain.OnException<RiskAnalysisFailedException>()
            .MoveToErrorQueue().And(RecordFallbackAsync, "record the fallback risk decision");
        // Anything else (the database, a concurrent append) retries as SPEC.md §2.5 says, then the same.
        chain.OnException<Exception>()
            .ScheduleRetry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)).WithExponentialJitter()
            .Then.MoveToErrorQueue().And(RecordFallbackAsync, "record the fallback risk decision");
    }

    public async Task Handle(
        AssessRisk message, IDocumentSession session, IMessageContext context, IRiskAnalyzer analyzer, RiskSettings settings,
        EnrichmentStageSettings enrichment, TimeProvider clock, CancellationToken ct)
    {
        var loaded = await EventToAssess.LoadAsync(session, message.EventId, settings.DefaultTimezone, ct);
        if (loaded is null || loaded.WhyNot is not null)
        {
            logger.LogInformation("Event {EventId} is not assessed: {Reason}", message.EventId, loaded?.WhyNot ?? "no such event");
            return;
        }
        var (target, settled) = await loaded.WithEnrichmentAsync(session, enrichment, ct);
        // Waits (bounded) for the event's enrichment: durably rescheduled, so a restart neither loses nor repeats it.
        var since = message.EnrichmentWaitSince ?? clock.GetUtcNow();
        if (!settled && clock.GetUtcNow() - since < TimeSpan.FromSeconds(enrichment.WaitSeconds))
        {
            await context.ScheduleAsync(message with { EnrichmentWaitSince = since }, EnrichmentStageSettings.RecheckEvery);
            return;
        }

        var watch = Stopwatch.StartNew();
        RiskAnalysis analysis;
        try
        {
            analysis = await analyzer.AnalyzeAsync(target.Inputs, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PipelineMetrics.PipelineErrors.WithLabels("risk_analysis_failed").Inc();
            throw;
        }
        finally
        {
            PipelineMetrics.AiRequestDuration.WithLabels(analyzer.Identity.Analyzer).Observe(watch.Elapsed.TotalSeconds);
        }
        target.Record(session, SecurityEventDecisions.DecisionFrom(analysis, analyzer.Identity, target.Calibration, target.Inputs, target.Trigger),
            clock.GetUtcNow());
    }

    /// <summary>The error continuation after the last failure: the event gets its fallback decision in a session of its own.</summary>
    private static async ValueTask RecordFallbackAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception error)
    {
        if (lifecycle.Envelope?.Message is not AssessRisk message) return;
        var services = runtime.Services;
        var analyzer = services.GetRequiredService<IRiskAnalyzer>();
        var settings = services.GetRequiredService<RiskSettings>();
        await using var session = services.GetRequiredService<IDocumentStore>().LightweightSession();
        var loaded = await EventToAssess.LoadAsync(session, message.EventId, settings.DefaultTimezone, CancellationToken.None);
        if (loaded is null || loaded.WhyNot is not null) return;
        var (target, _) = await loaded.WithEnrichmentAsync(session, services.GetRequiredService<EnrichmentStageSettings>(), CancellationToken.None);
        var decision = SecurityEventDecisions.Fallback(analyzer.Identity, target.Calibration, target.Inputs, target.Trigger, error.Message);
        if (!target.Record(session, decision, services.GetRequiredService<TimeProvider>().GetUtcNow())) return;
        await session.SaveChangesAsync();
        services.GetRequiredService<ILogger<AssessRiskHandler>>()
            .LogWarning("Event {EventId}: risk analysis failed ({Error}); recorded the fallback decision and dead-lettered the message",
                message.EventId, error.Message);
    }
}

/// <summary>A security event with what its risk decision is made from: camera, calibration in force, recent activity.</summary>
internal sealed record EventToAssess(StreamRead<SecurityEvent> Event, RiskInputs Inputs, CalibrationInForce Calibration)
{
    public SecurityEvent State => Event.State!;

    public static readonly TimeSpan RecentActivityWindow = TimeSpan.FromHours(1);

    public string Trigger => State.IsFastPath ? "fast_path" : "batch_closed";

    /// <summary>Why no decision is to be made, or null when one is.</summary>
    public string? WhyNot => State.IsOpen ? "the batch is still open" : State.Risk is not null ? "already assessed" : null;

    /// <summary>Null when the event does not exist.</summary>
    public static async Task<EventToAssess?> LoadAsync(IDocumentSession session, long eventId, string defaultTimezone, CancellationToken ct)
    {
        var read = await session.ReadStreamAsync<SecurityEvent>(StreamKeys.SecurityEvent(eventId), ct);
        if (read.State is not { } state) return null;

        var camera = await session.LoadAsync<CameraView>(state.CameraId, ct);
        var timezone = await CameraTimeZones.OfAsync(session, camera, defaultTimezone, ct);
        var inputs = state.InputsFor(camera?.Name ?? state.CameraId, timezone.Id, 0);
        // What the camera's activity baseline says of the event's hour: "a person at 03:00, where none was ever seen".
        var baseline = await ActivityBaselines.JudgeHourAsync(session, state.CameraId, timezone, inputs.StartedAt, ct);
        var since = inputs.StartedAt - RecentActivityWindow;
        var recent = await session.Events.QueryRawEventDataOnly<BatchOpened>()
            .Where(e => e.CameraId == state.CameraId && e.EventId != state.Id && e.At >= since && e.At < inputs.StartedAt)
            .CountAsync(ct);

        // Recorded at the frame time of one of the camera's detections, so the event's window holds its own.
        var loitering = await session.Events.QueryRawEventDataOnly<LoiteringObserved>()
            .Where(l => l.CameraId == state.CameraId && l.At >= inputs.StartedAt && l.At <= inputs.EndedAt)
            .Take(100).ToListAsync(ct);
        var zoneIds = state.Detections.SelectMany(d => d.ZoneIds ?? []).Concat(loitering.Select(l => l.ZoneId)).Distinct().ToArray();
        var zones = zoneIds.Length == 0 ? [] : await session.LoadManyAsync<ZoneView>(ct, zoneIds);
        var names = zones.ToDictionary(z => z.Id, z => z.Name);
        var inForce = await session.ReadStreamAsync<Domain.Calibration.Calibration>(StreamKeys.Calibration(Domain.Calibration.Calibration.DefaultUser), ct);
        var calibration = new CalibrationInForce(inForce.Version, inForce.State?.Thresholds ?? Thresholds.Defaults);
        var entities = await EntityRiskFacts.OfAsync(session, [.. state.Detections.Select(d => d.DetectionId)], ct);

        return new EventToAssess(read, inputs with
        {
            RecentEventCount = recent,
            Baseline = baseline,
            Zones = [.. zones.Where(z => state.Detections.Any(d => d.ZoneIds?.Contains(z.Id) == true))
                .OrderByDescending(z => z.Priority).ThenBy(z => z.Name).Select(z => new RiskZone(z.Id, z.Name, z.ZoneType, z.Priority))],
            Loitering = [.. loitering.OrderBy(l => l.At).Select(l =>
                new RiskLoitering(l.ZoneId, names.GetValueOrDefault(l.ZoneId) ?? "a deleted zone", l.TrackId, l.ObjectType, l.Seconds))],
            Entities = entities,
        }, calibration);
    }

    /// <summary>
    /// The inputs with what enrichment found of the event's detections (the enrichment in force for each), and whether
    /// the stage still has to enrich any of the event's files (their media streams say so). With the stage off:
    /// <c>disabled</c>, nothing to wait for. Decided before all its detections were enriched, the decision records <c>partial</c>.
    /// </summary>
    public async Task<(EventToAssess Target, bool Settled)> WithEnrichmentAsync(IQuerySession session, EnrichmentStageSettings stage, CancellationToken ct)
    {
        if (!stage.Enabled) return (this with { Inputs = Inputs with { EnrichmentSummary = EnrichmentSummary.DisabledSummary } }, true);
        var ids = State.Detections.Select(d => d.DetectionId).Distinct().ToArray();
        var enriched = ids.Length == 0 ? [] : await session.LoadManyAsync<DetectionEnrichmentView>(ct, ids);
        var found = enriched.Select(v => v.Enrichment).OrderBy(e => e.DetectionId).ToList();
        var summary = EnrichmentSummary.Of(found, ids.Length);
        if (summary.Status == EnrichmentSummary.Pending) summary = summary with { Status = EnrichmentSummary.Partial };
        var media = found.Count >= ids.Length
            ? []
            : await session.ReadStreamsAsync<Domain.Media.MediaFile>(State.Detections.Select(d => d.MediaId).Distinct().Select(StreamKeys.Media), ct);
        return (this with { Inputs = Inputs with { DetectionEnrichments = [.. found.Select(RiskEnrichment.From)], EnrichmentSummary = summary } },
            !media.Any(m => EnrichmentDecisions.AwaitsEnrichment(m.State)));
    }

    /// <summary>Appends the decision unless the event already has one; true when it did.</summary>
    public bool Record(IDocumentSession session, RiskDecision decision, DateTimeOffset now)
    {
        var outcome = SecurityEventDecisions.Assess(State, decision, now);
        if (!outcome.Succeeded || outcome.Events.Count == 0) return false;
        // Expected version: a concurrent assessment of the same event fails this append, and its retry records nothing.
        session.Append(Event, outcome);
        PipelineMetrics.EventsCreated.Inc();
        PipelineMetrics.EventsByRiskLevel.WithLabels(decision.RiskLevel.Name()).Inc();
        return true;
    }
}
