using JasperFx.Events;

namespace Hsi.Api.Infrastructure;

/// <summary>One stored event of a stream, as history endpoints list it.</summary>
public sealed record StreamEventEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp, object Data)
{
    public static StreamEventEntry From(IEvent e) => new(e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.Data);
}

public static class StreamHistory
{
    /// <summary>Answers a page of the stream's events in order, or 404 with <paramref name="notFound"/> when there is no such stream.</summary>
    public static async Task SendHistoryAsync(
        this HttpContext ctx, IQuerySession session, string streamKey, HistoryPage page, string notFound, CancellationToken ct)
    {
        var history = (await session.Events.FetchStreamAsync(streamKey, token: ct)).Select(StreamEventEntry.From).ToList();
        if (history.Count == 0) await ctx.SendDetail(404, notFound);
        else await ctx.Response.WriteAsJsonAsync(ListEnvelope<StreamEventEntry>.PageOf(history, page), JsonDefaults.Options, ct);
    }
}
