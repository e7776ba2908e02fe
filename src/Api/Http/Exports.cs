using System.Globalization;
using CsvHelper;

namespace Hsi.Api.Http;

/// <summary>How every export answers: CSV (RFC 4180, formula-injection guarded) or JSON, as an attachment.</summary>
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

    public static string FileName(string prefix, string extension) =>
        $"{prefix}_{DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}.{extension}";

    public static void Attach(HttpContext ctx, string fileName) =>
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

    /// <summary>Writes the rows as CSV; cells a spreadsheet would run as a formula (= + - @ tab CR) get a leading quote.</summary>
    public static async Task WriteCsvAsync(HttpContext ctx, string fileName, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct)
    {
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        Attach(ctx, fileName);
        await using var csv = CsvWriter.Create(ctx.Response.Body, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);
        csv.WriteHeader([.. columns]);
        foreach (var row in rows)
        {
            foreach (var cell in row) csv.WriteField(cell ?? "");
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    public static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
