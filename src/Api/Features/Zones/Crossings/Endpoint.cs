using Hsi.Domain.Zones;
using Hsi.Projections.Tracks;

namespace Hsi.Api.Features.Zones.Crossings;

public sealed class Request : ZoneRequest
{
    /// <summary>Hours from this one on (per_hour and the window's counts).</summary>
    [QueryParam] public DateTimeOffset? StartDate { get; set; }

    /// <summary>Hours up to this one.</summary>
    [QueryParam] public DateTimeOffset? EndDate { get; set; }
}

public sealed record CrossingsInHour(DateTimeOffset Hour, int In, int Out);

/// <summary>All-time counts, and the window's per hour (UTC hours) with their sums.</summary>
public sealed record CrossingsResponse(
    Guid ZoneId, string CameraId, int InCount, int OutCount, int WindowIn, int WindowOut, DateTimeOffset? LastCrossingAt,
    IReadOnlyList<CrossingsInHour> PerHour);

/// <summary>
/// A line zone's crossings: a track's standing point going from the left of the line (first point to
/// second) to its right counts in, the other way out.
/// </summary>
public sealed class Endpoint(IQuerySession session) : Endpoint<Request, CrossingsResponse>
{
    public override void Configure()
    {
        Get("/api/cameras/{camera_id}/zones/{zone_id}/crossings");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ErrorDetail>(404));
        Summary(s => s.Summary = "Crossings of a line zone in each direction, all told and per hour");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.StartDate is { } s && req.EndDate is { } e && s > e)
        {
            await HttpContext.SendDetail(400, "start_date must not be after end_date");
            return;
        }
        if (await session.LoadZoneOrNotFoundAsync(req, HttpContext, ct) is not { } zone) return;
        if (zone.Kind != ZoneKind.Line)
        {
            await HttpContext.SendDetail(400, $"zone {zone.Id} is an area zone; only a line zone counts crossings (see its dwell)");
            return;
        }
        var view = await session.LoadAsync<ZoneCrossingsView>(zone.Id, ct);
        var hours = (view?.Hours ?? [])
            .Where(h => req.StartDate is not { } start || h.Hour.AddHours(1) > start)
            .Where(h => req.EndDate is not { } end || h.Hour <= end)
            .Select(h => new CrossingsInHour(h.Hour, h.In, h.Out)).ToList();
        await Send.OkAsync(new CrossingsResponse(zone.Id, zone.CameraId, view?.InCount ?? 0, view?.OutCount ?? 0,
            hours.Sum(h => h.In), hours.Sum(h => h.Out), view?.LastCrossingAt, hours), ct);
    }
}
