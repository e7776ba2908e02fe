using Hsi.Domain.Calibration;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Audit;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.AiAudit.Events;

public sealed class Request : EventIdRequest;

/// <summary>The thresholds a decision's level was derived with.</summary>
public sealed record DecisionThresholds(int LowThreshold, int MediumThreshold, int HighThreshold);

/// <summary>One risk decision: who decided (analyzer, model, version, seed, temperature), with what (calibration, inputs) and what came out.</summary>
public sealed record AuditDecisionResponse(
    string Kind, long Version, DateTimeOffset DecidedAt, string Trigger,
    string Analyzer, string Model, string ModelVersion, int? Seed, double? Temperature,
    long CalibrationVersion, DecisionThresholds Thresholds, RiskInputs Inputs, string RawOutput,
    int RiskScore, string RiskLevel, string Summary, string Reasoning, IReadOnlyList<RiskFactor> RiskFactors, string? RecommendedAction,
    bool Fallback, string? Error, int? PreviousScore, string? PreviousLevel, Guid? ReplayId)
{
    public static AuditDecisionResponse From(AuditedDecision a)
    {
        var d = a.Decision;
        var t = d.Calibration.Thresholds;
        return new(a.Kind == DecisionKind.Assessed ? "assessed" : "reassessed", a.StreamVersion, a.DecidedAt, d.Trigger,
            d.Analyzer.Analyzer, d.Analyzer.Model, d.Analyzer.Version, d.Analyzer.Seed, d.Analyzer.Temperature,
            d.Calibration.Version, new DecisionThresholds(t.Low, t.Medium, t.High), d.Inputs, d.RawOutput,
            d.RiskScore, d.RiskLevel.Name(), d.Summary, d.Reasoning, d.RiskFactors, d.RecommendedAction,
            d.Fallback, d.Error, a.PreviousScore, a.PreviousLevel?.Name(), a.ReplayId);
    }
}

public sealed record EventAuditResponse(long EventId, IReadOnlyList<AuditDecisionResponse> Decisions);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, EventAuditResponse>
{
    public override void Configure()
    {
        Get("/api/ai-audit/events/{event_id}");
        Description(b => b.Produces<ErrorDetail>(404));
        Summary(s => s.Summary =
            "Every risk decision made for an event, in order (assessed, then each reassessment): analyzer, model and version, " +
            "calibration and thresholds, the inputs the analyzer saw, its raw output, score, level, trigger, when");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var audit = await session.LoadAsync<EventAuditView>(req.EventId, ct);
        if (audit is null && await session.LoadAsync<SecurityEventView>(req.EventId, ct) is null)
        {
            await HttpContext.SendDetail(404, SecurityEventDecisions.NotFound(req.EventId));
            return;
        }
        await Send.OkAsync(new EventAuditResponse(req.EventId, audit?.Decisions.Select(AuditDecisionResponse.From).ToList() ?? []), ct);
    }
}
