using JasperFx.Events;
using Marten;

namespace Hsi.Api.Infrastructure;

/// <summary>One stored event of a stream, as history endpoints list it.</summary>
public sealed record StreamEventEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp, object Data)
{
    public static StreamEventEntry From(IEvent e) => new(e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.Data);
}

public static class StreamHistory
{
    /// <summary>Every event of the stream in order; empty when the stream does not exist.</summary>
    public static async Task<IReadOnlyList<StreamEventEntry>> LoadAsync(this IQuerySession session, string streamKey, CancellationToken ct) =>
        (await session.Events.FetchStreamAsync(streamKey, token: ct)).Select(StreamEventEntry.From).ToList();
}
