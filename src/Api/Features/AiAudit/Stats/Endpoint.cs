using Hsi.Projections.Audit;

namespace Hsi.Api.Features.AiAudit.Stats;

public sealed class Request : DateRangeRequest;

/// <summary>Decisions of one analyzer and model.</summary>
public sealed record AnalyzerStats(string Analyzer, string Model, string ModelVersion, int Decisions, double? MeanScore, int Fallbacks);

public sealed record LevelDistribution(int Low, int Medium, int High, int Critical);

/// <summary>Risk decisions made in the window (by when they were made): assessments and replays' reassessments.</summary>
public sealed record AuditStatsResponse(
    DateTimeOffset? StartDate, DateTimeOffset? EndDate, int TotalDecisions, int Assessments, int Reassessments,
    int ReassessmentsChangingLevel, double? MeanScore, int Fallbacks, LevelDistribution LevelDistribution, IReadOnlyList<AnalyzerStats> ByAnalyzer);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, AuditStatsResponse>
{
    public override void Configure()
    {
        Get("/api/ai-audit/stats");
        Description(b => b.Produces<ErrorDetail>(400));
        Summary(s => s.Summary =
            "Risk decisions in a window: per analyzer and model, level distribution, mean score, fallbacks, reassessments that changed the level");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Inconsistency is { } inconsistency)
        {
            await HttpContext.SendDetail(400, inconsistency);
            return;
        }
        var query = session.Query<RiskDecisionView>().AsQueryable();
        if (req.StartDate is { } start) query = query.Where(d => d.DecidedAt >= start);
        if (req.EndDate is { } end) query = query.Where(d => d.DecidedAt <= end);
        var rows = await query.ToListAsync(ct);

        int Level(string level) => rows.Count(r => r.RiskLevel == level);
        var byAnalyzer = rows.GroupBy(r => (r.Analyzer, r.Model, r.ModelVersion))
            .Select(g => new AnalyzerStats(g.Key.Analyzer, g.Key.Model, g.Key.ModelVersion, g.Count(), Mean(g), g.Count(r => r.Fallback)))
            .OrderByDescending(a => a.Decisions).ThenBy(a => a.Analyzer, StringComparer.Ordinal).ThenBy(a => a.Model, StringComparer.Ordinal)
            .ToList();
        await Send.OkAsync(new AuditStatsResponse(req.StartDate, req.EndDate, rows.Count,
            rows.Count(r => r.Kind == DecisionKind.Assessed), rows.Count(r => r.Kind == DecisionKind.Reassessed),
            rows.Count(r => r.LevelChanged), Mean(rows), rows.Count(r => r.Fallback),
            new LevelDistribution(Level("low"), Level("medium"), Level("high"), Level("critical")), byAnalyzer), ct);
    }

    private static double? Mean(IEnumerable<RiskDecisionView> rows) =>
        rows.Select(r => (double)r.RiskScore).DefaultIfEmpty(double.NaN).Average() is var mean && double.IsNaN(mean) ? null : Math.Round(mean, 2);
}
