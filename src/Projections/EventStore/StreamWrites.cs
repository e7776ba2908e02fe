using Hsi.Domain.Common;
using Marten;

namespace Hsi.Projections.EventStore;

/// <summary>One stream as a writer read it: its folded state (null before it starts) and the version that state is at.</summary>
public sealed record StreamRead<TState>(string Key, TState? State, long Version) where TState : class;

/// <summary>
/// The one way a stream is written: read it, fold it, let a pure decider decide, append what it
/// decided with the version read as the expected version (starting the stream when it is new), so
/// a concurrent writer that got there first makes this append fail at commit.
/// </summary>
public static class StreamWrites
{
    public static async Task<StreamRead<TState>> ReadStreamAsync<TState>(
        this IDocumentSession session, string key, Func<IEnumerable<object>, TState?> fold, CancellationToken ct) where TState : class
    {
        var events = await session.Events.FetchStreamAsync(key, token: ct);
        return new StreamRead<TState>(key, fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>Queues the decision's events on the stream read; returns the version the stream will be at.</summary>
    public static long Append<TState>(this IDocumentSession session, StreamRead<TState> read, Decision decision) where TState : class
    {
        if (!decision.Succeeded || decision.Events.Count == 0) return read.Version;
        if (read.Version == 0) session.Events.StartStream(read.Key, [.. decision.Events]);
        else session.Events.Append(read.Key, read.Version + decision.Events.Count, [.. decision.Events]);
        return read.Version + decision.Events.Count;
    }
}
