using Hsi.Domain.Calibration;
using Hsi.Projections.Cameras;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents.Stats;

public sealed class Request : DateRangeRequest
{
    [QueryParam] public string? CameraId { get; set; }
}

public sealed record RiskLevelCount(string RiskLevel, int Count);

public sealed record CameraCount(string CameraId, string? CameraName, int EventCount);

public sealed record Response(
    int TotalEvents, IReadOnlyDictionary<string, int> EventsByRiskLevel, IReadOnlyList<RiskLevelCount> RiskDistribution,
    IReadOnlyList<CameraCount> EventsByCamera);

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/api/events/stats");
        Description(b => b.Produces<ErrorDetail>(400));
        Summary(s => s.Summary = "Counts of events by risk level and by camera (all levels listed, zeros too)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Inconsistency is { } inconsistency)
        {
            await HttpContext.SendDetail(400, inconsistency);
            return;
        }
        var query = session.Query<SecurityEventView>().Where(e => e.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(req.CameraId)) query = query.Where(e => e.CameraId == req.CameraId);
        if (req.StartDate is { } start) query = query.Where(e => e.StartedAt >= start);
        if (req.EndDate is { } end) query = query.Where(e => e.StartedAt <= end);
        // Only the two grouped columns come back, not the documents.
        var rows = await query.Select(e => new { e.CameraId, e.RiskLevel }).ToListAsync(ct);

        var byLevel = new[] { RiskLevel.Critical, RiskLevel.High, RiskLevel.Medium, RiskLevel.Low }
            .ToDictionary(l => l.Name(), l => rows.Count(r => r.RiskLevel == l.Name()));
        var byCamera = rows.GroupBy(r => r.CameraId).Select(g => (Id: g.Key, Count: g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Id).ToList();
        var names = (await session.LoadManyAsync<CameraView>(ct, byCamera.Select(c => c.Id).ToArray())).ToDictionary(c => c.Id, c => c.Name);
        await Send.OkAsync(new Response(rows.Count, byLevel,
            byLevel.Select(l => new RiskLevelCount(l.Key, l.Value)).ToList(),
            byCamera.Select(c => new CameraCount(c.Id, names.GetValueOrDefault(c.Id), c.Count)).ToList()), ct);
    }
}
