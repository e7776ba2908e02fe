using Hsi.Domain.Cameras;
using Hsi.Domain.Properties;
using Hsi.Projections.Properties;

namespace Hsi.Api.Features.Properties;

/// <summary>A household as clients see it (SEED-API §9).</summary>
public sealed record HouseholdResponse(int Id, string Name, DateTimeOffset CreatedAt)
{
    public static HouseholdResponse From(HouseholdView h) => new(h.Id, h.Name, h.CreatedAt);
}

/// <summary>A property as clients see it (SEED-API §9).</summary>
public sealed record PropertyResponse(int Id, int HouseholdId, string Name, string? Address, string Timezone, DateTimeOffset CreatedAt)
{
    public static PropertyResponse From(PropertyView p) => new(p.Id, p.HouseholdId, p.Name, p.Address, p.Timezone, p.CreatedAt);
}

/// <summary>An area as clients see it (SEED-API §9).</summary>
public sealed record AreaResponse(int Id, int PropertyId, string Name, string? Description, string Color, DateTimeOffset CreatedAt)
{
    public static AreaResponse From(AreaView a) => new(a.Id, a.PropertyId, a.Name, a.Description, a.Color, a.CreatedAt);
}

/// <summary>A camera of an area, in brief.</summary>
public sealed record AreaCamera(string Id, string Name, CameraStatus Status);

/// <summary>An area's cameras: the seed's <c>{area_id, area_name, …}</c>, the list itself as <c>{items, pagination}</c> (SPEC.md §6).</summary>
public sealed record AreaCamerasResponse(int AreaId, string AreaName, IReadOnlyList<AreaCamera> Items, Pagination Pagination);

/// <summary>What a link or unlink came to.</summary>
public sealed record AreaCameraLink(int AreaId, string CameraId, bool Linked);

/// <summary><c>/api/v1/households/{household_id}</c>.</summary>
public class HouseholdRoute
{
    public int HouseholdId { get; set; }
}

/// <summary><c>/api/v1/properties/{property_id}</c>.</summary>
public class PropertyRoute
{
    public int PropertyId { get; set; }
}

/// <summary><c>/api/v1/areas/{area_id}</c>.</summary>
public class AreaRoute
{
    public int AreaId { get; set; }
}

public static class PropertyQueries
{
    public static Task<HouseholdView?> LoadHouseholdOrNotFoundAsync(this IQuerySession session, int id, HttpContext ctx, CancellationToken ct) =>
        session.LoadAsync<HouseholdView>(id, ct).OrNotFoundAsync(ctx, HouseholdDecisions.NotFound(id));

    public static Task<PropertyView?> LoadPropertyOrNotFoundAsync(this IQuerySession session, int id, HttpContext ctx, CancellationToken ct) =>
        session.LoadAsync<PropertyView>(id, ct).OrNotFoundAsync(ctx, PropertyDecisions.NotFound(id));

    public static Task<AreaView?> LoadAreaOrNotFoundAsync(this IQuerySession session, int id, HttpContext ctx, CancellationToken ct) =>
        session.LoadAsync<AreaView>(id, ct).OrNotFoundAsync(ctx, AreaDecisions.NotFound(id));

    /// <summary>One limit/offset page of <paramref name="query"/> (ordered by the caller) and the whole count.</summary>
    public static async Task<ListEnvelope<TOut>> PageAsync<T, TOut>(this IQueryable<T> query, HistoryPage page, Func<T, TOut> map, CancellationToken ct) where T : notnull
    {
        var total = await query.CountAsync(ct);
        var rows = await query.Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        return new ListEnvelope<TOut>([.. rows.Select(map)], new Pagination(total, page.Limit, page.Offset, null, null, page.Offset + rows.Count < total));
    }
}
