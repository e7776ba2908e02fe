using Hsi.Projections.EventStore;
using JasperFx;
using JasperFx.Events;

namespace Hsi.Api.Infrastructure;

/// <summary>What a write asked for over HTTP came to: the stream's new version, a refusal, or the version a stale client lost against.</summary>
public sealed record WriteOutcome(long Version, DomainError? Error = null, long? StaleAgainst = null)
{
    public bool Succeeded => Error is null && StaleAgainst is null;

    public static WriteOutcome Refused(DomainError error) => new(0, error);
    public static WriteOutcome Stale(long currentVersion) => new(currentVersion, null, currentVersion);
}

/// <summary>
/// Runs a client's write (read, decide, append with the version read — <see cref="StreamWrites"/>) in its
/// own transaction and commits it. Only a version the client sent is optimistic concurrency: a client
/// that sent none asked for "whatever is current", so writers of the same stream take turns (in this
/// process, then across nodes with a transaction-scoped advisory lock on the stream key) and a race
/// still lost to a writer that takes no turn (the pipeline) is read, decided and appended again.
/// </summary>
public sealed class EventStreamWriter(IDocumentStore store, ILogger<EventStreamWriter> logger)
{
    /// <summary>Attempts at a version-less write before the lost race is answered as a conflict.</summary>
    private const int MaxAttempts = 8;

    /// <summary>The advisory-lock class of stream turns (two-key locks do not overlap Marten's and Wolverine's one-key ones).</summary>
    private const int StreamLockClass = 0x48534931;

    /// <summary>In-process turns: one waiting connection per stream instead of one per request (a burst would drain the pool).</summary>
    private static readonly SemaphoreSlim[] Turns = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Folds <paramref name="key"/>, refuses a stale <paramref name="expectedVersion"/>, decides and appends.</summary>
    public Task<WriteOutcome> DecideAsync<TState>(
        string key, Func<TState?, Decision> decide, long? expectedVersion, CancellationToken ct)
        where TState : class, IEvolving<TState> =>
        WriteAsync([key], expectedVersion, async (session, token) =>
        {
            var read = await session.ReadStreamAsync<TState>(key, token);
            if (expectedVersion is { } expected && read.State is not null && expected != read.Version) return WriteOutcome.Stale(read.Version);
            var decision = decide(read.State);
            return decision.Error is { } error ? WriteOutcome.Refused(error) : new WriteOutcome(session.Append(read, decision));
        }, ct);

    /// <summary>
    /// Takes the turns of <paramref name="keys"/> (the first is the one a conflict reports the version of),
    /// runs <paramref name="write"/> and commits what it appended.
    /// </summary>
    public async Task<WriteOutcome> WriteAsync(
        IReadOnlyList<string> keys, long? expectedVersion, Func<IDocumentSession, CancellationToken, Task<WriteOutcome>> write, CancellationToken ct)
    {
        var ordered = keys.Distinct().Order(StringComparer.Ordinal).ToArray();
        // Always in the same order, so two writers of the same pair of streams cannot wait on each other.
        var turns = ordered.Select(TurnOf).Distinct().Order().ToArray();
        var held = 0;
        try
        {
            for (; held < turns.Length; held++) await Turns[turns[held]].WaitAsync(ct);
            for (var attempt = 1; ; attempt++)
            {
                await using var session = store.LightweightSession();
                await session.BeginTransactionAsync(ct);
                foreach (var key in ordered)
                    await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?, hashtext(?))", ct, StreamLockClass, key);
                var outcome = await write(session, ct);
                if (!outcome.Succeeded) return outcome;
                try
                {
                    await session.SaveChangesAsync(ct);
                    return outcome;
                }
                catch (Exception ex) when (IsLostRace(ex))
                {
                    if (expectedVersion is not null || attempt == MaxAttempts) return WriteOutcome.Stale(await CurrentVersionAsync(keys[0], ct));
                    logger.LogInformation("Write to {Stream} lost a race (attempt {Attempt}); reading it again", keys[0], attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
                }
            }
        }
        finally
        {
            while (held-- > 0) Turns[turns[held]].Release();
        }
    }

    private async Task<long> CurrentVersionAsync(string key, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return (await query.Events.FetchStreamStateAsync(key, ct))?.Version ?? 0;
    }

    private static int TurnOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)Turns.Length);

    public static bool IsLostRace(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException
                or Marten.Exceptions.ExistingStreamIdCollisionException)
                return true;
        return false;
    }
}
