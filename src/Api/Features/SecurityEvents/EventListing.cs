using Hsi.Domain.Calibration;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents;

public static class EventListing
{
    public static readonly IReadOnlyCollection<string> Fields = FieldSelection.NamesOf<EventResponse>();

    /// <summary>Newest first by (started_at, id); with a cursor, only rows strictly after it.</summary>
    public static IQueryable<SecurityEventView> Page(IQueryable<SecurityEventView> query, Cursor? after)
    {
        if (after is { } c) query = query.Where(e => e.StartedAt < c.CreatedAt || (e.StartedAt == c.CreatedAt && e.Id < c.Id));
        return query.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id);
    }
}
