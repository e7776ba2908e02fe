using FastEndpoints;
using FluentValidation;
using Hsi.Api.Http;
using Hsi.Projections.Detections;

namespace Hsi.Api.Features.Detections;

/// <summary>The filters of the detection list, shared by the list and the export.</summary>
public class DetectionFilterRequest : DateRangeRequest
{
    [QueryParam] public string? CameraId { get; set; }
    [QueryParam] public string? ObjectType { get; set; }

    /// <summary>Only detections at or above this confidence (0–1).</summary>
    [QueryParam] public double? MinConfidence { get; set; }

    public IQueryable<DetectionView> Apply(IQueryable<DetectionView> query)
    {
        if (!string.IsNullOrWhiteSpace(CameraId)) query = query.Where(d => d.CameraId == CameraId);
        if (!string.IsNullOrWhiteSpace(ObjectType)) query = query.Where(d => d.ObjectType == ObjectType);
        if (MinConfidence is { } min) query = query.Where(d => d.Confidence >= min);
        if (StartDate is { } start) query = query.Where(d => d.DetectedAt >= start);
        if (EndDate is { } end) query = query.Where(d => d.DetectedAt <= end);
        return query;
    }
}

public class DetectionFilterValidator<T> : Validator<T> where T : DetectionFilterRequest
{
    public DetectionFilterValidator()
    {
        RuleFor(r => r.MinConfidence).Must(v => v is null or >= 0 and <= 1).WithMessage("min_confidence must be between 0 and 1");
    }
}

public static class DetectionQueries
{
    public static readonly IReadOnlyCollection<string> Fields = FieldSelection.NamesOf<DetectionResponse>();

    /// <summary>Newest first by (detected_at, id); with a cursor, only rows strictly after it.</summary>
    public static IQueryable<DetectionView> Page(IQueryable<DetectionView> query, Cursor? after)
    {
        if (after is { } c) query = query.Where(d => d.DetectedAt < c.CreatedAt || (d.DetectedAt == c.CreatedAt && d.Id < c.Id));
        return query.OrderByDescending(d => d.DetectedAt).ThenByDescending(d => d.Id);
    }

    public static string NotFound(long id) => $"Detection with id {id} not found";

    /// <summary>The detection, or null after answering 404 in the SPEC shape.</summary>
    public static async Task<DetectionView?> LoadOrNotFoundAsync(this Marten.IQuerySession session, long id, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadAsync<DetectionView>(id, ct) is { } view) return view;
        await ctx.SendDetail(404, NotFound(id));
        return null;
    }
}
