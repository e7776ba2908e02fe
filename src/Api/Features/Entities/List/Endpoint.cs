using FluentValidation;
using Hsi.Domain.Entities;
using Hsi.Projections.Entities;

namespace Hsi.Api.Features.Entities.List;

/// <summary>The filters and offset paging of the entity lists (SEED-API §4).</summary>
public class EntityListRequest
{
    /// <summary>person or vehicle.</summary>
    [QueryParam] public EntityType? EntityType { get; set; }

    /// <summary>Items per page, 1–1000 (50).</summary>
    [QueryParam] public int Limit { get; set; } = 50;

    [QueryParam] public int Offset { get; set; }
}

public sealed class Request : EntityListRequest
{
    /// <summary>Only entities seen at this camera.</summary>
    [QueryParam] public string? CameraId { get; set; }

    /// <summary>Only entities last seen at or after this time.</summary>
    [QueryParam] public DateTimeOffset? Since { get; set; }

    /// <summary>Only entities first seen at or before this time.</summary>
    [QueryParam] public DateTimeOffset? Until { get; set; }

    /// <summary>trusted, untrusted or unclassified.</summary>
    [QueryParam] public TrustStatus? TrustStatus { get; set; }
}

public static class EntityListRules
{
    public const int MaxCameraIdLength = 255;

    public static void AddListRules<T>(this AbstractValidator<T> validator) where T : EntityListRequest
    {
        validator.RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
        validator.RuleFor(r => r.Offset).InclusiveBetween(0, 1_000_000);
    }

    /// <summary>Newest seen first; the page and the total of the filtered entities.</summary>
    public static async Task<ListEnvelope<T>> PageAsync<T>(IQueryable<EntityView> filtered, EntityListRequest req, Func<EntityView, T> map, CancellationToken ct)
    {
        var total = await filtered.CountAsync(ct);
        var rows = await filtered.OrderByDescending(e => e.LastSeen).ThenBy(e => e.Id).Skip(req.Offset).Take(req.Limit).ToListAsync(ct);
        return new ListEnvelope<T>([.. rows.Select(map)], new Pagination(total, req.Limit, req.Offset, null, null, req.Offset + rows.Count < total));
    }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        this.AddListRules();
        RuleFor(r => r.CameraId).MaximumLength(EntityListRules.MaxCameraIdLength);
    }
}

public sealed class Endpoint(IQuerySession session) : Endpoint<Request, ListEnvelope<EntitySummary>>
{
    public override void Configure()
    {
        Get("/api/entities");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Re-identified people and known vehicles, last seen first (filters: entity_type, camera_id, since, until, trust_status)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Since is { } since && req.Until is { } until && since > until)
        {
            await HttpContext.SendDetail(400, "since must not be after until");
            return;
        }
        var filtered = session.Query<EntityView>().AsQueryable();
        if (req.EntityType is { } type) filtered = filtered.Where(e => e.EntityType == type);
        if (req.TrustStatus is { } trust) filtered = filtered.Where(e => e.TrustStatus == trust);
        if (!string.IsNullOrEmpty(req.CameraId)) filtered = filtered.Where(e => e.CamerasSeen.Contains(req.CameraId));
        if (req.Since?.ToUniversalTime() is { } from) filtered = filtered.Where(e => e.LastSeen >= from);
        if (req.Until?.ToUniversalTime() is { } to) filtered = filtered.Where(e => e.FirstSeen <= to);
        await Send.OkAsync(await EntityListRules.PageAsync(filtered, req, EntitySummary.From, ct), ct);
    }
}
