namespace Hsi.Api.Http;

/// <summary>The pagination block of every list (SPEC.md §3 Lists and pagination).</summary>
public sealed record Pagination(int Total, int Limit, int Offset, string? Cursor, string? NextCursor, bool HasMore);

/// <summary><c>{items, pagination, deprecation_warning}</c>: the envelope of every list.</summary>
public sealed record ListEnvelope<T>(IReadOnlyList<T> Items, Pagination Pagination, string? DeprecationWarning = null)
{
    /// <summary>A list that is never paged: the whole count, no further page.</summary>
    public static ListEnvelope<T> Whole(IReadOnlyList<T> items) =>
        new(items, new Pagination(items.Count, items.Count, 0, null, null, false));

    /// <summary>One page of a list held whole (a history): the page's limit of items from its offset.</summary>
    public static ListEnvelope<T> PageOf(IReadOnlyList<T> all, HistoryPage page) =>
        new([.. all.Skip(page.Offset).Take(page.Limit)],
            new Pagination(all.Count, page.Limit, page.Offset, null, null, page.Offset + page.Limit < all.Count));

    /// <summary>One page of a change history stored oldest first, listed newest first; a history not written yet is empty.</summary>
    public static ListEnvelope<T> NewestFirstPageOf(IEnumerable<T>? oldestFirst, HistoryPage page) =>
        PageOf(oldestFirst?.Reverse().ToList() ?? [], page);
}
