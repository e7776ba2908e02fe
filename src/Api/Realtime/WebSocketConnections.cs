namespace Hsi.Api.Realtime;

/// <summary>
/// This node's open WebSocket connections, kept within WS_MAX_CONNECTIONS (1000) in all and
/// WS_MAX_CONNECTIONS_PER_CLIENT (10) per client IP. Only clients with an open connection have
/// an entry, so the table is bounded by the total cap.
/// </summary>
public sealed class WebSocketConnections(HsiSettings settings)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perClient = [];
    private int _total;

    /// <summary>A slot for one more connection of <paramref name="client"/>, given back on dispose; null when a cap is reached.</summary>
    public IDisposable? TryOpen(string client)
    {
        lock (_lock)
        {
            var mine = _perClient.GetValueOrDefault(client);
            if (_total >= settings.WsMaxConnections || mine >= settings.WsMaxConnectionsPerClient) return null;
            _perClient[client] = mine + 1;
            _total++;
            return new Slot(this, client);
        }
    }

    private void Release(string client)
    {
        lock (_lock)
        {
            _total--;
            if (--_perClient[client] == 0) _perClient.Remove(client);
        }
    }

    private sealed class Slot(WebSocketConnections owner, string client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Release(client);
        }
    }
}
