namespace Hsi.Api.Realtime;

/// <summary>
/// How often one socket may resync: a token bucket. Each resync reads up to 1,000 stored events and
/// sends them all, so a client that repeats it multiplies the server's work and traffic (300 resync
/// frames on one socket once drew 161,214 messages). Used by the socket's receive loop only, so it takes no lock.
/// </summary>
public sealed class ResyncThrottle(TimeProvider clock)
{
    /// <summary>A client that reconnects needs one resync; a few in a row leave room for a flaky one's retries.</summary>
    public const int Burst = 3;

    /// <summary>Then one every 2 s: often enough for any client that missed messages, far too rarely to flood with.</summary>
    public static readonly TimeSpan RefillEvery = TimeSpan.FromSeconds(2);

    private double _tokens = Burst;
    private DateTimeOffset _refilledAt = clock.GetUtcNow();

    /// <summary>Takes one resync's token; false when the socket has used them all.</summary>
    public bool TryTake()
    {
        var now = clock.GetUtcNow();
        // A clock set back refills nothing rather than taking tokens away.
        var elapsed = now > _refilledAt ? now - _refilledAt : TimeSpan.Zero;
        _tokens = Math.Min(Burst, _tokens + elapsed / RefillEvery);
        _refilledAt = now;
        if (_tokens < 1) return false;
        _tokens--;
        return true;
    }
}
