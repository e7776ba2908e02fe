using FluentValidation;
using Hsi.Api.Features.Zones;
using Hsi.Projections.Detections;

namespace Hsi.Api.Features.Detections;

/// <summary>The filters of the detection list, shared by the list and the export.</summary>
public class DetectionFilterRequest : DateRangeRequest
{
    [QueryParam] public string? CameraId { get; set; }
    [QueryParam] public string? ObjectType { get; set; }

    /// <summary>Only detections at or above this confidence (0–1).</summary>
    [QueryParam] public double? MinConfidence { get; set; }

    /// <summary>Only detections that stood in this zone (a zone id, uuid).</summary>
    [QueryParam] public string? ZoneId { get; set; }

    public IQueryable<DetectionView> Apply(IQueryable<DetectionView> query)
    {
        if (!string.IsNullOrWhiteSpace(CameraId)) query = query.Where(d => d.CameraId == CameraId);
        if (!string.IsNullOrWhiteSpace(ObjectType)) query = query.Where(d => d.ObjectType == ObjectType);
        if (MinConfidence is { } min) query = query.Where(d => d.Confidence >= min);
        if (ZoneFilter.Parse(ZoneId) is { } zone) query = query.Where(d => d.ZoneIds.Contains(zone));
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
        RuleFor(r => r.ZoneId).Must(ZoneFilter.IsValid).WithMessage(ZoneFilter.Malformed);
    }
}
