using System.Net;
using Hsi.Api.Configuration;
using Hsi.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Hsi.Api.Tests.Exports;

/// <summary>The export limiter on its own: per-client and total caps, slots given back once.</summary>
public class ExportSlotsTests
{
    [Fact]
    public void A_client_gets_at_most_its_share_and_all_clients_at_most_the_total()
    {
        var slots = new ExportSlots(new HsiSettings { ExportMaxConcurrent = 3, ExportMaxPerClient = 2 });

        var a1 = slots.TryTake("a");
        var a2 = slots.TryTake("a");
        Assert.NotNull(a1);
        Assert.NotNull(a2);
        Assert.Null(slots.TryTake("a"));
        var b1 = slots.TryTake("b");
        Assert.NotNull(b1);
        Assert.Null(slots.TryTake("c"));

        a1!.Dispose();
        a1.Dispose();
        // The second dispose gave nothing back: c takes the one free slot and a, at one, still none.
        Assert.NotNull(slots.TryTake("c"));
        Assert.Null(slots.TryTake("a"));
        b1!.Dispose();
        Assert.NotNull(slots.TryTake("a"));
    }

    [Fact]
    public void A_client_is_its_api_key_when_keys_are_on_else_its_address()
    {
        var request = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("203.0.113.7") } };
        request.Request.Headers["X-API-Key"] = "k1";
        var withKeys = new ExportSlots(new HsiSettings { ApiKeyEnabled = true, ApiKeys = ["k1"] });
        var withoutKeys = new ExportSlots(new HsiSettings());

        Assert.Equal("key:k1", withKeys.ClientOf(request));
        // With keys off a key is never checked, so a made-up one cannot buy a client more slots.
        Assert.Equal("ip:203.0.113.7", withoutKeys.ClientOf(request));
        request.Request.Headers.Remove("X-API-Key");
        Assert.Equal("ip:203.0.113.7", withKeys.ClientOf(request));
    }
}
