using FluentValidation;
using Hsi.Domain.Alerts;
using Hsi.Projections.Detections;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.Alerts.TestRule;

public sealed class Request : RuleRequest
{
    /// <summary>At most 100 event ids; left out: the most recent assessed events.</summary>
    public List<long>? EventIds { get; set; }

    /// <summary>How many recent events, 1–100 (10), when event_ids is left out.</summary>
    public int Limit { get; set; } = 10;

    /// <summary>Judge the schedule at this time instead of each event's own.</summary>
    public DateTimeOffset? TestTime { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, 100);
        RuleFor(r => r.EventIds).Must(ids => ids is null || ids.Count <= 100).WithMessage("event_ids may hold at most 100 ids");
    }
}

public sealed record RuleTestResult(
    long EventId, string CameraId, int? RiskScore, IReadOnlyList<string> ObjectTypes, bool Matches, IReadOnlyList<string> MatchedConditions,
    IReadOnlyList<string> FailedConditions, DateTimeOffset StartedAt);

public sealed record RuleTestResponse(
    Guid RuleId, string RuleName, int EventsTested, int EventsMatched, double MatchRate, IReadOnlyList<RuleTestResult> Results);

/// <summary>
/// Which of the given (or most recent) events the rule would match, and why: each condition that held and
/// each that did not. Conditions only: the rule's enabled flag, cooldown and the preferences are not applied.
/// </summary>
public sealed class Endpoint(IQuerySession session) : Endpoint<Request, RuleTestResponse>
{
    public override void Configure()
    {
        Post("/api/alerts/rules/{rule_id}/test");
        Description(b => b.Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Test a rule against given or recent events: matches, matched_conditions and failed_conditions per event");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await session.LoadRuleOrNotFoundAsync(req.RuleId, HttpContext, ct) is not { } rule) return;
        var events = req.EventIds is { Count: > 0 } ids
            ? (await session.LoadManyAsync<SecurityEventView>(ct, ids.Distinct().ToArray())).Where(e => e.DeletedAt == null).OrderByDescending(e => e.StartedAt).ToList()
            : await session.Query<SecurityEventView>().Where(e => e.RiskScore != null && e.DeletedAt == null)
                .OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id).Take(req.Limit).ToListAsync(ct);
        var detectionIds = events.SelectMany(e => e.DetectionIds).Distinct().ToArray();
        var detections = detectionIds.Length == 0 ? [] : (await session.LoadManyAsync<DetectionView>(ct, detectionIds)).ToDictionary(d => d.Id);

        var results = events.Select(e =>
        {
            IReadOnlyList<CandidateDetection> seen = [.. e.DetectionIds.Select(detections.GetValueOrDefault).OfType<DetectionView>()
                .Select(d => new CandidateDetection(d.ObjectType, d.Confidence, d.ZoneIds))];
            // Detections gone from the read side (retention) still left their types and zones on the event; their confidence is unknown.
            if (seen.Count == 0) seen = [.. e.ObjectTypes.Select(t => new CandidateDetection(t, 0, e.ZoneIds))];
            var candidate = new AlertCandidate(e.Id, e.CameraId, e.CameraId, e.RiskScore ?? 0, e.RiskLevel ?? "low", e.Summary, req.TestTime ?? e.StartedAt, seen);
            var match = AlertMatching.Evaluate(rule.Definition, candidate);
            // An event not assessed yet has no risk to match on.
            var matches = match.Matches && e.RiskScore is not null;
            return new RuleTestResult(e.Id, e.CameraId, e.RiskScore, e.ObjectTypes, matches, match.MatchedConditions,
                e.RiskScore is null ? [.. match.FailedConditions, "the event is not assessed yet"] : match.FailedConditions, e.StartedAt);
        }).ToList();
        var matched = results.Count(r => r.Matches);
        await Send.OkAsync(new RuleTestResponse(rule.Id, rule.Name, results.Count, matched,
            results.Count == 0 ? 0 : Math.Round((double)matched / results.Count, 4), results), ct);
    }
}
