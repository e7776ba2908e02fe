using Hsi.Projections.Zones;

namespace Hsi.Api.Features.Zones;

/// <summary>The <c>zone_id=</c> filter of the event and detection lists: a zone's uuid, of a zone that exists.</summary>
public static class ZoneFilter
{
    public const string Malformed = "zone_id must be a zone id (a uuid)";

    public static bool IsValid(string? zoneId) => string.IsNullOrEmpty(zoneId) || Guid.TryParse(zoneId, out _);

    public static Guid? Parse(string? zoneId) => Guid.TryParse(zoneId, out var id) ? id : null;

    /// <summary>True after answering 422 for a zone id that names no zone: an empty list would hide a typo.</summary>
    public static async Task<bool> RefusedUnknownAsync(IQuerySession session, string? zoneId, HttpContext ctx, CancellationToken ct)
    {
        if (Parse(zoneId) is not { } id || await session.Query<ZoneView>().AnyAsync(z => z.Id == id, ct)) return false;
        ctx.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await ctx.Response.WriteAsJsonAsync(ErrorResponses.Single("query", "zone_id", $"no zone with id {id}"), JsonDefaults.Options);
        return true;
    }
}
