using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Cameras;
using Hsi.Projections.SecurityEvents;

namespace Hsi.Api.Features.SecurityEvents;

public static class EventQueries
{
    /// <summary>The event as clients see it, or null after answering 404 in the SPEC shape.</summary>
    public static async Task<EventResponse?> LoadResponseOrNotFoundAsync(this IQuerySession session, long id, HttpContext ctx, CancellationToken ct)
    {
        if (await session.LoadAsync<SecurityEventView>(id, ct) is { DeletedAt: null } view)
            return EventResponse.From(view, (await session.LoadAsync<CameraView>(view.CameraId, ct))?.Name);
        await ctx.SendDetail(404, SecurityEventDecisions.NotFound(id));
        return null;
    }

    /// <summary>
    /// The event as it stood at <paramref name="asOf"/>, folded from its stream by the projection's own code (time travel), or null after a 404
    /// when it did not exist yet. The camera name is today's, as in every other response.
    /// </summary>
    public static async Task<EventResponse?> LoadResponseAsOfOrNotFoundAsync(this IQuerySession session, long id, DateTimeOffset asOf, HttpContext ctx, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.SecurityEvent(id), timestamp: asOf, token: ct);
        if (new SecurityEventViewProjection().Fold(id, events) is { } view)
            return EventResponse.From(view, (await session.LoadAsync<CameraView>(view.CameraId, ct))?.Name);
        await ctx.SendDetail(404, $"Event {id} did not exist at {JsonDefaults.Format(asOf)}");
        return null;
    }
}
