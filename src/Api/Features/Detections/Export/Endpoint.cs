using Hsi.Api.Features.Cameras;
using Hsi.Projections.Detections;

namespace Hsi.Api.Features.Detections.Export;

public sealed class Request : DetectionFilterRequest
{
    /// <summary>csv (default) or json; otherwise taken from the Accept header.</summary>
    [QueryParam] public string? Format { get; set; }
}

public sealed class Validator : DetectionFilterValidator<Request>;

public sealed record ExportRow(
    long Id, string CameraId, string CameraName, string DetectedAt, string ObjectType, double Confidence,
    int BboxX, int BboxY, int BboxWidth, int BboxHeight, string MediaType, string FilePath);

public sealed class Endpoint(IQuerySession session, TimeProvider clock, ExportSlots slots) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/api/detections/export");
        Description(b => b.Produces<List<ExportRow>>(200, "application/json").WithMetadata(new ProducesCsv()).Produces<ErrorDetail>(400).Produces<ErrorDetail>(429));
        Summary(s => s.Summary = "Export detections matching the list filters as CSV (default) or JSON");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Held until the last row is written: a slow reader keeps its slot (and its connection) that long.
        using var export = await slots.OpenOrRefuseAsync(HttpContext, req.Format, req.Inconsistency);
        if (export is null) return;
        var names = await session.NamesAsync(ct);
        // Streamed from the database, so an export of any size holds only a buffer's worth of rows.
        var rows = DetectionQueries.Order.After(req.Apply(session.Query<DetectionView>()), null).ToAsyncEnumerable(ct)
            .Select(d => new ExportRow(d.Id, d.CameraId, names.GetValueOrDefault(d.CameraId, d.CameraId), JsonDefaults.Format(d.DetectedAt),
                d.ObjectType, d.Confidence, d.BboxX, d.BboxY, d.BboxWidth, d.BboxHeight,
                d.MediaType.ToString().ToLowerInvariant(), d.FilePath));
        await Exports.WriteAsync(HttpContext, export, "detections_export", clock, rows, Columns, rows.Select(r => new[]
        {
            Exports.Invariant(r.Id), r.CameraId, r.CameraName, r.DetectedAt, r.ObjectType, Exports.Invariant(r.Confidence),
            Exports.Invariant(r.BboxX), Exports.Invariant(r.BboxY), Exports.Invariant(r.BboxWidth), Exports.Invariant(r.BboxHeight),
            r.MediaType, r.FilePath,
        }), ct);
    }

    private static readonly string[] Columns =
        ["id", "camera_id", "camera_name", "detected_at", "object_type", "confidence", "bbox_x", "bbox_y", "bbox_width", "bbox_height", "media_type", "file_path"];
}
