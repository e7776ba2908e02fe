using Hsi.Api.Features.Cameras;
using Hsi.Domain.Zones;
using Hsi.Projections.Zones;

namespace Hsi.Api.Features.Zones;

/// <summary>A zone as clients see it (SEED-API §1, plus <c>kind</c> and <c>loiter_seconds</c>).</summary>
public sealed record ZoneResponse(
    Guid Id, string CameraId, string Name, ZoneType ZoneType, ZoneKind Kind, IReadOnlyList<IReadOnlyList<double>> Coordinates,
    ZoneShape Shape, string Color, bool Enabled, int Priority, int? LoiterSeconds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ZoneResponse From(ZoneView z) => new(z.Id, z.CameraId, z.Name, z.ZoneType, z.Kind,
        [.. z.Coordinates.Select(p => (IReadOnlyList<double>)p)], z.Shape, z.Color, z.Enabled, z.Priority, z.LoiterSeconds, z.CreatedAt, z.UpdatedAt);
}

/// <summary>The route of one camera's zones.</summary>
public class CameraZonesRequest
{
    public string CameraId { get; set; } = "";
}

/// <summary>The route of one zone of a camera.</summary>
public class ZoneRequest : CameraZonesRequest
{
    public Guid ZoneId { get; set; }
}

/// <summary>The fields of a zone a client may send; on create name and coordinates are required, on change every field is optional.</summary>
public class ZoneBody : ZoneRequest
{
    /// <summary>1–255 characters.</summary>
    public string? Name { get; set; }

    /// <summary>entry_point, driveway, sidewalk, walkway, yard, restricted, perimeter or other (default).</summary>
    public ZoneType? ZoneType { get; set; }

    /// <summary>area (default: where a detection stands) or line (2 points: crossings counted each way).</summary>
    public ZoneKind? Kind { get; set; }

    /// <summary>[[x, y], …] in 0–1, (0,0) top-left; at least 3 distinct points (2 for a line), at most 100, enclosing an area, not crossing itself.</summary>
    public List<List<double>>? Coordinates { get; set; }

    /// <summary>rectangle (default: 4 axis-aligned points) or polygon.</summary>
    public ZoneShape? Shape { get; set; }

    /// <summary>#RRGGBB; default #3B82F6.</summary>
    public string? Color { get; set; }

    public bool? Enabled { get; set; }

    /// <summary>0–100 (default 0); higher first in lists and wins on overlap.</summary>
    public int? Priority { get; set; }

    /// <summary>Area zones: a track staying longer than this (1–86400 s) is loitering.</summary>
    public int? LoiterSeconds { get; set; }

    public ZoneFields Fields() => new(Name, Kind, Shape, ZoneType,
        Coordinates?.Select(p => (IReadOnlyList<double>)p).ToList(), Color, Enabled, Priority, LoiterSeconds);
}

public static class ZoneQueries
{
    /// <summary>The zone if it is on an active camera, or null after answering 404 (a deleted camera hides its zones).</summary>
    public static async Task<ZoneView?> LoadZoneOrNotFoundAsync(this IQuerySession session, ZoneRequest req, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadActiveOrNotFoundAsync(req.CameraId, ctx, ct) is null) return null;
        if (await session.LoadAsync<ZoneView>(req.ZoneId, ct) is { } zone && zone.CameraId == req.CameraId) return zone;
        await ctx.SendDetail(404, ZoneDecisions.NotFound(req.ZoneId, req.CameraId));
        return null;
    }
}
