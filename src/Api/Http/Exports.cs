using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace Hsi.Api.Http;

/// <summary>
/// How every export answers: CSV (RFC 4180, formula-injection guarded) or JSON, as an attachment,
/// streamed row by row as the database returns them, so an export holds a buffer's worth of rows
/// in memory whatever its size, and none is cut off.
/// </summary>
public static class Exports
{
    /// <summary>csv or json: the <c>format</c> parameter, else the Accept header (CSV by default); null when the parameter names another.</summary>
    public static string? FormatOf(string? requested, HttpContext ctx)
    {
        var format = (requested ?? (ctx.Request.Headers.Accept.ToString().Contains("application/json") ? "json" : "csv")).ToLowerInvariant();
        return format is "csv" or "json" ? format : null;
    }

    /// <summary>
    /// The export's format, or null after answering: 422 for an unknown format, 400 for a date
    /// window that ends before it starts.
    /// </summary>
    public static async Task<string?> FormatOrRefuseAsync(HttpContext ctx, string? requested, string? inconsistency)
    {
        if (FormatOf(requested, ctx) is not { } format)
        {
            await ctx.SendDomainError(new(Domain.Common.ErrorKind.Invalid, "format must be csv or json", "format"), "query");
            return null;
        }
        if (inconsistency is null) return format;
        await ctx.SendDetail(400, inconsistency);
        return null;
    }

    /// <summary>
    /// Writes the export as <c>prefix_YYYYMMDD_HHMMSS.csv</c> or <c>.json</c>; only the rows of its
    /// format are read, so the other sequence costs nothing.
    /// </summary>
    public static Task WriteAsync<T>(HttpContext ctx, OpenExport export, string prefix, TimeProvider clock, IAsyncEnumerable<T> jsonRows,
        IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<string?>> csvRows, CancellationToken ct) =>
        export.Format == "json"
            ? WriteJsonAsync(ctx, FileName(prefix, "json", clock), jsonRows, ct)
            : WriteCsvAsync(ctx, FileName(prefix, "csv", clock), columns, csvRows, ct);

    public static string FileName(string prefix, string extension, TimeProvider clock) =>
        $"{prefix}_{clock.GetUtcNow().ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}.{extension}";

    public static void Attach(HttpContext ctx, string fileName) =>
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

    /// <summary>Writes the rows as CSV; cells a spreadsheet would run as a formula (= + - @ tab CR) get a leading quote.</summary>
    public static async Task WriteCsvAsync(HttpContext ctx, string fileName, IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct)
    {
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        Attach(ctx, fileName);
        // EndRecordAsync writes the buffer out whenever it is mostly full.
        await using var csv = CsvWriter.Create(ctx.Response.Body, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);
        csv.WriteHeader([.. columns]);
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var cell in row) csv.WriteField(cell ?? "");
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    /// <summary>Writes the rows as one JSON array, in the API's JSON shape; the serializer flushes whenever its buffer fills.</summary>
    public static async Task WriteJsonAsync<T>(HttpContext ctx, string fileName, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        Attach(ctx, fileName);
        await JsonSerializer.SerializeAsync(ctx.Response.Body, rows, JsonDefaults.Options, ct);
    }

    public static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
