using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents;

public static class EventListing
{
    public static readonly IReadOnlyCollection<string> Fields = FieldSelection.NamesOf<EventResponse>();

    /// <summary>Newest first by (started_at, id).</summary>
    public static readonly NewestFirst<SecurityEventView> Order = new(e => e.StartedAt, e => e.Id);
}
