using System.Globalization;
using System.Text;
using System.Text.Json;
using FastEndpoints;
using FluentValidation;

namespace Hsi.Api.Http;

/// <summary>Keyset position: the last item of a page, newest first by (timestamp, id).</summary>
public sealed record Cursor(long Id, DateTimeOffset CreatedAt)
{
    /// <summary>URL-safe base64 of <c>{"id": 1, "created_at": "…"}</c>.</summary>
    public string Encode()
    {
        var json = $"{{\"id\":{Id},\"created_at\":\"{JsonDefaults.Format(CreatedAt)}\"}}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string text, out Cursor? cursor, out string error)
    {
        cursor = null;
        try
        {
            var base64 = text.Trim().Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(base64));
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetInt64();
            var at = DateTimeOffset.Parse(root.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            cursor = new Cursor(id, at.ToUniversalTime());
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // The parser's own words name .NET types; the client only needs to know the cursor is not one of ours.
            error = "Invalid cursor: not a next_cursor this API returned";
            return false;
        }
    }
}

/// <summary>The paging and field-selection query parameters every paged list shares.</summary>
public interface IPagedRequest
{
    /// <summary>Items per page, 1–1000.</summary>
    int Limit { get; }

    /// <summary>Deprecated offset paging; use cursor.</summary>
    int Offset { get; }

    /// <summary>next_cursor of the previous page.</summary>
    string? Cursor { get; }

    /// <summary>Comma-separated fields to return (id is always included).</summary>
    string? Fields { get; }
}

/// <summary>An inclusive window on a list's timestamp.</summary>
public abstract class DateRangeRequest
{
    /// <summary>Inclusive lower bound on the list's timestamp.</summary>
    [QueryParam] public DateTimeOffset? StartDate { get; set; }

    /// <summary>Inclusive upper bound on the list's timestamp.</summary>
    [QueryParam] public DateTimeOffset? EndDate { get; set; }

    /// <summary>The 400 for a window that ends before it starts, if it does.</summary>
    public string? Inconsistency => StartDate is { } start && EndDate is { } end && start > end
        ? "start_date must not be after end_date"
        : null;
}

public static class PagedRequestRules
{
    public static void AddPagingRules<T>(this AbstractValidator<T> validator) where T : IPagedRequest
    {
        validator.RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
        validator.RuleFor(r => r.Offset).GreaterThanOrEqualTo(0);
    }
}

/// <summary>A paged request checked for the inconsistencies that are the client's 400s.</summary>
public sealed record PageQuery(int Limit, int Offset, Cursor? Cursor, string? CursorText, FieldSelection Fields)
{
    public static bool TryCreate(IPagedRequest req, DateRangeRequest window, IReadOnlyCollection<string> validFields, out PageQuery page, out string error)
    {
        page = null!;
        if (window.Inconsistency is { } inconsistency)
        {
            error = inconsistency;
            return false;
        }
        Cursor? cursor = null;
        if (!string.IsNullOrWhiteSpace(req.Cursor))
        {
            if (req.Offset > 0)
            {
                error = "Use either cursor or offset, not both";
                return false;
            }
            if (!Http.Cursor.TryDecode(req.Cursor, out cursor, out error)) return false;
        }
        if (!FieldSelection.TryParse(req.Fields, validFields, out var fields, out error)) return false;
        page = new PageQuery(req.Limit, req.Offset, cursor, req.Cursor, fields);
        return true;
    }

    /// <summary>Builds the envelope from up to limit+1 fetched rows; offset paging adds the deprecation notice.</summary>
    public ListEnvelope<object> Envelope<T>(IReadOnlyList<T> rows, int total, Func<T, Cursor> positionOf, Func<T, object> shape, HttpContext ctx, string sunset)
    {
        var hasMore = rows.Count > Limit;
        var items = rows.Take(Limit).ToList();
        var next = hasMore ? positionOf(items[^1]).Encode() : null;
        string? warning = null;
        if (Offset > 0 && Cursor is null)
        {
            warning = "Offset pagination is deprecated; use cursor (next_cursor) instead";
            ctx.Response.Headers["Deprecation"] = "true";
            ctx.Response.Headers["Sunset"] = sunset;
        }
        return new ListEnvelope<object>(Fields.Apply(items.Select(shape)), new Pagination(total, Limit, Offset, CursorText, next, hasMore), warning);
    }
}
