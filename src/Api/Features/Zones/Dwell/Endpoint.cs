using FluentValidation;
using Hsi.Domain.Tracks;
using Hsi.Projections.Tracks;

namespace Hsi.Api.Features.Zones.Dwell;

public sealed class Request : ZoneRequest
{
    /// <summary>Visits that began at or after this time.</summary>
    [QueryParam] public DateTimeOffset? StartDate { get; set; }

    /// <summary>Visits that began at or before this time.</summary>
    [QueryParam] public DateTimeOffset? EndDate { get; set; }

    /// <summary>How many visits of the history, newest first (1–1000).</summary>
    [QueryParam] public int Limit { get; set; } = 100;
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Limit).InclusiveBetween(1, 1000).WithMessage("limit must be between 1 and 1000");
}

/// <summary>A track in the zone now.</summary>
public sealed record Dweller(
    Guid RecordId, long TrackId, string CameraId, string ObjectClass, DateTimeOffset EntryTime, double CurrentDwellSeconds, bool Loitering);

/// <summary>One visit: <see cref="ExitTime"/> is null while it goes on; <see cref="TriggeredAlert"/> (the seed's name) is <see cref="Loitered"/>.</summary>
public sealed record DwellRecord(
    Guid RecordId, Guid ZoneId, long TrackId, string CameraId, string ObjectClass, DateTimeOffset EntryTime, DateTimeOffset? ExitTime,
    double? TotalSeconds, bool Loitered, bool TriggeredAlert, bool IsActive);

public sealed record DwellResponse(Guid ZoneId, string CameraId, int? LoiterSeconds, IReadOnlyList<Dweller> Dwellers, IReadOnlyList<DwellRecord> History, int Total);

/// <summary>
/// Who is in an area zone now and who was: each visit of a track (entry, exit, dwell seconds, loitering).
/// A visit whose track has not been seen for longer than TRACK_MAX_GAP_SECONDS is over (it left with its
/// last sighting), even before the camera's next picture records that.
/// </summary>
public sealed class Endpoint(IQuerySession session, TrackerSettings tracking, TimeProvider clock) : Endpoint<Request, DwellResponse>
{
    public override void Configure()
    {
        Get("/api/cameras/{camera_id}/zones/{zone_id}/dwell");
        Description(b => b.Produces<ErrorDetail>(400).Produces<ErrorDetail>(404).Produces<ValidationErrorResponse>(422));
        Summary(s => s.Summary = "Tracks in the zone now and the zone's visits, newest first, with dwell seconds and loitering");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.StartDate is { } s && req.EndDate is { } e && s > e)
        {
            await HttpContext.SendDetail(400, "start_date must not be after end_date");
            return;
        }
        if (await session.LoadZoneOrNotFoundAsync(req, HttpContext, ct) is not { } zone) return;
        var now = clock.GetUtcNow();
        var seenSince = now - tracking.LostAfter;

        var current = await session.Query<ZoneDwellView>()
            .Where(v => v.ZoneId == zone.Id && v.ExitTime == null && v.LastSeenAt >= seenSince)
            .OrderBy(v => v.EntryTime).Take(1000).ToListAsync(ct);
        var query = session.Query<ZoneDwellView>().Where(v => v.ZoneId == zone.Id);
        if (req.StartDate is { } start) query = query.Where(v => v.EntryTime >= start);
        if (req.EndDate is { } end) query = query.Where(v => v.EntryTime <= end);
        var total = await query.CountAsync(ct);
        var history = await query.OrderByDescending(v => v.EntryTime).ThenBy(v => v.Id).Take(req.Limit).ToListAsync(ct);

        var dwellers = current.Select(v => new Dweller(v.Id, v.TrackId, v.CameraId, v.ObjectClass, v.EntryTime,
            Math.Round((now - v.EntryTime).TotalSeconds, 1), v.Loitered)).ToList();
        var records = history.Select(v =>
        {
            var active = v.ExitTime is null && v.LastSeenAt >= seenSince;
            // Unseen past the gap: it left when last seen, though no later picture has recorded that yet.
            var exit = v.ExitTime ?? (active ? null : v.LastSeenAt);
            var seconds = v.TotalSeconds ?? (exit is { } x ? Math.Round((x - v.EntryTime).TotalSeconds, 3) : null);
            return new DwellRecord(v.Id, v.ZoneId, v.TrackId, v.CameraId, v.ObjectClass, v.EntryTime, exit, seconds, v.Loitered, v.Loitered, active);
        }).ToList();
        await Send.OkAsync(new DwellResponse(zone.Id, zone.CameraId, zone.LoiterSeconds, dwellers, records, total), ct);
    }
}
