using FluentValidation;
using Hsi.Domain.Calibration;
using Hsi.Api.Features.Zones;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents;

/// <summary>The filters of the event list (SPEC.md §3 Events), on started_at.</summary>
public class EventFilterRequest : DateRangeRequest
{
    [QueryParam] public string? CameraId { get; set; }

    /// <summary>low, medium, high or critical.</summary>
    [QueryParam] public string? RiskLevel { get; set; }

    [QueryParam] public bool? Reviewed { get; set; }

    /// <summary>Events whose detections include this object type.</summary>
    [QueryParam] public string? ObjectType { get; set; }

    /// <summary>Events with a detection that stood in this zone (a zone id, uuid).</summary>
    [QueryParam] public string? ZoneId { get; set; }

    /// <summary>Soft-deleted events too.</summary>
    [QueryParam] public bool IncludeDeleted { get; set; }

    public IQueryable<SecurityEventView> Apply(IQueryable<SecurityEventView> query)
    {
        if (!IncludeDeleted) query = query.Where(e => e.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(CameraId)) query = query.Where(e => e.CameraId == CameraId);
        if (!string.IsNullOrWhiteSpace(RiskLevel)) query = query.Where(e => e.RiskLevel == RiskLevel);
        if (Reviewed is { } reviewed) query = query.Where(e => e.Reviewed == reviewed);
        if (!string.IsNullOrWhiteSpace(ObjectType)) query = query.Where(e => e.ObjectTypes.Contains(ObjectType));
        if (ZoneFilter.Parse(ZoneId) is { } zone) query = query.Where(e => e.ZoneIds.Contains(zone));
        if (StartDate is { } start) query = query.Where(e => e.StartedAt >= start);
        if (EndDate is { } end) query = query.Where(e => e.StartedAt <= end);
        return query;
    }
}

public class EventFilterValidator<T> : Validator<T> where T : EventFilterRequest
{
    private static readonly string[] Levels = Enum.GetValues<RiskLevel>().Select(l => l.Name()).ToArray();

    public EventFilterValidator()
    {
        RuleFor(r => r.RiskLevel).Must(l => l is null || Levels.Contains(l)).WithMessage("risk_level must be one of: low, medium, high, critical");
        RuleFor(r => r.ZoneId).Must(ZoneFilter.IsValid).WithMessage(ZoneFilter.Malformed);
    }
}
