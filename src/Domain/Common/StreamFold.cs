namespace Hsi.Domain.Common;

/// <summary>A stream's write-side state: how one event moves it on (null before the stream's first event).</summary>
public interface IEvolving<TState> where TState : class, IEvolving<TState>
{
    /// <summary>The state after <paramref name="e"/>; an event the state does not know leaves it as it is.</summary>
    static abstract TState? Evolve(TState? state, object e);
}

/// <summary>The one fold of every stream: its events, in order, through the state's <see cref="IEvolving{TState}.Evolve"/>.</summary>
public static class StreamFold
{
    public static TState? Fold<TState>(IEnumerable<object> events) where TState : class, IEvolving<TState> =>
        Fold(events, (TState?)null);

    /// <param name="state">The state so far (events already folded).</param>
    public static TState? Fold<TState>(IEnumerable<object> events, TState? state) where TState : class, IEvolving<TState> =>
        events.Aggregate(state, TState.Evolve);
}
