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
    /// <summary>The page the request asks for, or null after answering 400 for an inconsistent one.</summary>
    public static async Task<PageQuery?> FromOrRefuseAsync(HttpContext ctx, IPagedRequest req, DateRangeRequest window, IReadOnlyCollection<string> validFields)
    {
        if (TryCreate(req, window, validFields, out var page, out var error)) return page;
        await ctx.SendDetail(400, error);
        return null;
    }

    private static bool TryCreate(IPagedRequest req, DateRangeRequest window, IReadOnlyCollection<string> validFields, out PageQuery page, out string error)
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

    /// <summary>Up to limit+1 rows of the page (one more tells whether more follow) and the total.</summary>
    public async Task<(IReadOnlyList<T> Rows, int Total)> FetchAsync<T>(IQueryable<T> filtered, NewestFirst<T> order, CancellationToken ct) where T : notnull
    {
        var rows = await order.After(filtered, Cursor).Skip(Offset).Take(Limit + 1).ToListAsync(ct);
        // With a cursor the count is skipped (SPEC: total may be 0): walking pages stays cheap.
        var total = Cursor is null ? await filtered.CountAsync(ct) : 0;
        return (rows, total);
    }

    /// <summary>Builds the envelope from up to limit+1 fetched rows; offset paging adds the deprecation notice.</summary>
    public ListEnvelope<object> Envelope<T>(IReadOnlyList<T> rows, int total, Func<T, Cursor> positionOf, HttpContext ctx, string sunset) where T : notnull
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
        return new ListEnvelope<object>(Fields.Apply(items), new Pagination(total, Limit, Offset, CursorText, next, hasMore), warning);
    }
}
