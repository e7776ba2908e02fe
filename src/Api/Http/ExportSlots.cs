using Hsi.Api.Http.RateLimiting;

namespace Hsi.Api.Http;

/// <summary>
/// The exports this node streams at once, kept within EXPORT_MAX_CONCURRENT (4) in all and
/// EXPORT_MAX_PER_CLIENT (2) per client: each holds a database connection and a share of the CPU
/// for as long as its client reads. Only clients with an export open have an entry, so the table
/// is bounded by the total cap.
/// </summary>
public sealed class ExportSlots(HsiSettings settings)
{
    /// <summary>What a refused client is told to wait: one export of 100,000 events takes about 2 s, four at once about 8 s (README, Exports).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perClient = [];
    private int _total;

    /// <summary>
    /// The client an export counts against: its API key when keys are on (the key was checked by
    /// then), else its address as the rate limits see it. With keys off a sent key is not checked,
    /// so it would let one client take any number of slots.
    /// </summary>
    public string ClientOf(HttpContext ctx) =>
        settings.ApiKeyEnabled && ApiKeyAuthentication.PresentedKey(ctx.Request) is { Length: > 0 } key
            ? "key:" + key
            : "ip:" + ClientAddress.Of(ctx, settings.TrustedProxyIps);

    /// <summary>A slot for one more export of <paramref name="client"/>, given back on dispose; null when a cap is reached.</summary>
    public IDisposable? TryTake(string client)
    {
        lock (_lock)
        {
            var mine = _perClient.GetValueOrDefault(client);
            if (_total >= settings.ExportMaxConcurrent || mine >= settings.ExportMaxPerClient) return null;
            _perClient[client] = mine + 1;
            _total++;
            return new Slot(this, client);
        }
    }

    /// <summary>
    /// The export's format with a slot held until it is disposed, or null after answering: 422 or 400
    /// for the request (<see cref="Exports.FormatOrRefuseAsync"/>), 429 when a cap is reached.
    /// </summary>
    public async Task<OpenExport?> OpenOrRefuseAsync(HttpContext ctx, string? requestedFormat, string? inconsistency)
    {
        if (await Exports.FormatOrRefuseAsync(ctx, requestedFormat, inconsistency) is not { } format) return null;
        return await TakeOrRefuseAsync(ctx) is { } slot ? new OpenExport(format, slot) : null;
    }

    /// <summary>The request's slot, or null after answering 429 with <c>Retry-After</c>.</summary>
    private async Task<IDisposable?> TakeOrRefuseAsync(HttpContext ctx)
    {
        if (TryTake(ClientOf(ctx)) is { } slot) return slot;
        ctx.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString();
        await ctx.SendDetail(StatusCodes.Status429TooManyRequests,
            $"Too many exports at once (at most {settings.ExportMaxPerClient} per client, {settings.ExportMaxConcurrent} in all); retry in {(int)RetryAfter.TotalSeconds} s");
        return null;
    }

    private void Release(string client)
    {
        lock (_lock)
        {
            _total--;
            if (--_perClient[client] == 0) _perClient.Remove(client);
        }
    }

    private sealed class Slot(ExportSlots owner, string client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Release(client);
        }
    }
}

/// <summary>An export under way: its format (csv or json) and the slot it holds until disposed.</summary>
public sealed record OpenExport(string Format, IDisposable Slot) : IDisposable
{
    public void Dispose() => Slot.Dispose();
}
