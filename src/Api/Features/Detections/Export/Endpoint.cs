using System.Globalization;
using CsvHelper;
using FastEndpoints;
using Hsi.Api.Http;
using Hsi.Projections.Cameras;
using Hsi.Projections.Detections;
using Marten;

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

public sealed class Endpoint(IQuerySession session) : Endpoint<Request>
{
    private const int MaxRows = 100_000;

    public override void Configure()
    {
        Get("/api/detections/export");
        Description(b => b.Produces<List<ExportRow>>(200, "application/json").WithMetadata(new ProducesCsv()).Produces<ErrorDetail>(400));
        Summary(s => s.Summary = "Export detections matching the list filters as CSV (default) or JSON");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var format = (req.Format ?? (HttpContext.Request.Headers.Accept.ToString().Contains("application/json") ? "json" : "csv")).ToLowerInvariant();
        if (format is not ("csv" or "json"))
        {
            await HttpContext.SendDomainError(new(Domain.Common.ErrorKind.Invalid, "format must be csv or json", "format"), "query");
            return;
        }
        if (req.Inconsistency is { } inconsistency)
        {
            await HttpContext.SendDetail(400, inconsistency);
            return;
        }

        var names = (await session.Query<CameraView>().ToListAsync(ct)).ToDictionary(c => c.Id, c => c.Name);
        var rows = (await DetectionQueries.Page(req.Apply(session.Query<DetectionView>()), null).Take(MaxRows).ToListAsync(ct))
            .Select(d => new ExportRow(d.Id, d.CameraId, names.GetValueOrDefault(d.CameraId, d.CameraId), JsonDefaults.Format(d.DetectedAt),
                d.ObjectType, d.Confidence, d.BboxX, d.BboxY, d.BboxWidth, d.BboxHeight,
                d.MediaType.ToString().ToLowerInvariant(), d.FilePath))
            .ToList();

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        if (format == "json")
        {
            HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"detections_export_{stamp}.json\"";
            await Send.OkAsync(rows, ct);
            return;
        }

        HttpContext.Response.ContentType = "text/csv; charset=utf-8";
        HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"detections_export_{stamp}.csv\"";
        // Cells that a spreadsheet would run as a formula (= + - @ tab CR) get a leading quote.
        await using var csv = CsvWriter.Create(HttpContext.Response.Body, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);
        csv.WriteHeader(Columns);
        foreach (var r in rows)
        {
            csv.WriteField(r.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.CameraId);
            csv.WriteField(r.CameraName);
            csv.WriteField(r.DetectedAt);
            csv.WriteField(r.ObjectType);
            csv.WriteField(r.Confidence.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.BboxX.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.BboxY.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.BboxWidth.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.BboxHeight.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.MediaType);
            csv.WriteField(r.FilePath);
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    private static readonly string[] Columns =
        ["id", "camera_id", "camera_name", "detected_at", "object_type", "confidence", "bbox_x", "bbox_y", "bbox_width", "bbox_height", "media_type", "file_path"];
}
