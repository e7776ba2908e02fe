using Hsi.Api.Configuration;
using Hsi.Api.Realtime;

namespace Hsi.Api.Tests.Realtime;

public class WebSocketConnectionsTests
{
    [Fact]
    public void The_total_cap_refuses_a_client_below_its_own_cap_until_a_connection_closes()
    {
        var connections = new WebSocketConnections(new HsiSettings { WsMaxConnections = 3, WsMaxConnectionsPerClient = 2 });
        var first = connections.TryOpen("10.0.0.1");
        Assert.NotNull(first);
        Assert.NotNull(connections.TryOpen("10.0.0.1"));
        Assert.Null(connections.TryOpen("10.0.0.1"));
        Assert.NotNull(connections.TryOpen("10.0.0.2"));

        Assert.Null(connections.TryOpen("10.0.0.3"));
        first.Dispose();
        first.Dispose();
        Assert.NotNull(connections.TryOpen("10.0.0.3"));
        Assert.Null(connections.TryOpen("10.0.0.4"));
    }
}
