using Hsi.Domain.Common;
using Marten.Services.BatchQuerying;

namespace Hsi.Projections.EventStore;

/// <summary>One stream as a writer read it: its folded state (null before it starts) and the version that state is at.</summary>
public sealed record StreamRead<TState>(string Key, TState? State, long Version) where TState : class, IEvolving<TState>
{
    /// <summary>A stream whose key was just made (a new id): known to be empty without a read; if it is not, the append fails at commit.</summary>
    public static StreamRead<TState> New(string key) => new(key, null, 0);

    /// <summary>A stream from its events as fetched (alone, or with others in one batched query).</summary>
    public static StreamRead<TState> Of(string key, IReadOnlyList<IEvent> events) =>
        new(key, StreamFold.Fold<TState>(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);

    /// <summary>The stream as it is once <paramref name="decision"/>'s events are committed.</summary>
    public StreamRead<TState> Then(Decision decision) =>
        !decision.Succeeded || decision.Events.Count == 0
            ? this
            : this with { State = StreamFold.Fold(decision.Events, State), Version = Version + decision.Events.Count };
}

/// <summary>
/// The one way a stream is written: read it, fold it, let a pure decider decide, append what it
/// decided with the version read as the expected version (starting the stream when it is new), so
/// a concurrent writer that got there first makes this append fail at commit.
/// </summary>
public static class StreamWrites
{
    public static async Task<StreamRead<TState>> ReadStreamAsync<TState>(this IQuerySession session, string key, CancellationToken ct)
        where TState : class, IEvolving<TState> =>
        StreamRead<TState>.Of(key, await session.Events.FetchStreamAsync(key, token: ct));

    /// <summary>
    /// A stream whose every decision ends with an event holding the whole state (the tracking streams):
    /// its newest event alone, in two short reads however long the stream has grown.
    /// </summary>
    public static async Task<StreamRead<TState>> ReadStreamTailAsync<TState>(this IQuerySession session, string key, CancellationToken ct)
        where TState : class, IEvolving<TState> =>
        await session.Events.FetchStreamStateAsync(key, ct) is { } stream
            ? StreamRead<TState>.Of(key, await session.Events.FetchStreamAsync(key, fromVersion: stream.Version, token: ct))
            : StreamRead<TState>.New(key);

    /// <summary>Queues the read of one stream on a batched query; it completes once the batch is executed.</summary>
    public static async Task<StreamRead<TState>> ReadStream<TState>(this IBatchedQuery query, string key)
        where TState : class, IEvolving<TState> =>
        StreamRead<TState>.Of(key, await query.Events.FetchStream(key));

    /// <summary>Several streams of one kind, read in one round trip.</summary>
    public static async Task<IReadOnlyList<StreamRead<TState>>> ReadStreamsAsync<TState>(
        this IQuerySession session, IEnumerable<string> keys, CancellationToken ct) where TState : class, IEvolving<TState>
    {
        var query = session.CreateBatchQuery();
        var reads = keys.Select(query.ReadStream<TState>).ToList();
        if (reads.Count > 0) await query.Execute(ct);
        return await Task.WhenAll(reads);
    }

    /// <summary>Queues the decision's events on the stream read; returns the version the stream will be at.</summary>
    public static long Append<TState>(this IDocumentSession session, StreamRead<TState> read, Decision decision) where TState : class, IEvolving<TState>
    {
        if (!decision.Succeeded || decision.Events.Count == 0) return read.Version;
        if (read.Version == 0) session.Events.StartStream(read.Key, [.. decision.Events]);
        else session.Events.Append(read.Key, read.Version + decision.Events.Count, [.. decision.Events]);
        return read.Version + decision.Events.Count;
    }
}
