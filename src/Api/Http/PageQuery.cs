using FluentValidation;

namespace Hsi.Api.Http;

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
