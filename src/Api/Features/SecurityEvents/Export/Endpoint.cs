using Hsi.Api.Features.Cameras;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents.Export;

public sealed class Request : EventFilterRequest
{
    /// <summary>csv (default) or json; otherwise taken from the Accept header.</summary>
    [QueryParam] public string? Format { get; set; }
}

public sealed class Validator : EventFilterValidator<Request>;

public sealed class Endpoint(IQuerySession session, TimeProvider clock, ExportSlots slots) : Endpoint<Request>
{
    private static readonly string[] Columns =
        ["event_id", "camera_name", "started_at", "ended_at", "risk_score", "risk_level", "summary", "detection_count", "reviewed"];

    public override void Configure()
    {
        Get("/api/events/export");
        Description(b => b.Produces<List<EventResponse>>(200, "application/json").WithMetadata(new ProducesCsv()).Produces<ErrorDetail>(400).Produces<ErrorDetail>(429));
        Summary(s => s.Summary = "Export events matching the list filters as CSV (events_export_YYYYMMDD_HHMMSS.csv) or JSON");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Held until the last row is written: a slow reader keeps its slot (and its connection) that long.
        using var export = await slots.OpenOrRefuseAsync(HttpContext, req.Format, req.Inconsistency);
        if (export is null) return;
        var names = await session.NamesAsync(ct);
        // Streamed from the database, so an export of any size holds only a buffer's worth of rows.
        // JSON is the API's event shape; CSV is built from the stored view.
        var events = EventListing.Order.After(req.Apply(session.Query<SecurityEventView>()), null).ToAsyncEnumerable(ct);
        await Exports.WriteAsync(HttpContext, export, "events_export", clock, events.Select(e => EventResponse.From(e, names.GetValueOrDefault(e.CameraId))),
            Columns, events.Select(e => new[]
            {
                Exports.Invariant(e.Id), names.GetValueOrDefault(e.CameraId, e.CameraId), JsonDefaults.Format(e.StartedAt),
                e.EndedAt is { } ended ? JsonDefaults.Format(ended) : null, e.RiskScore?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.RiskLevel, e.Summary, Exports.Invariant(e.DetectionCount), e.Reviewed ? "Yes" : "No",
            }), ct);
    }
}
