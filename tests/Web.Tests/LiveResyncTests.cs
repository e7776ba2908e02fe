using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

/// <summary>
/// The overview's live link when the server drops it: the page says "Reconnecting", comes back, and an
/// event stored while it was away shows once. The /ws/events socket passes through a Playwright route
/// that can cut it (close toward the page with 1011) and refuse reconnects until the test lets them through.
/// </summary>
public sealed class LiveResyncTests(DashboardFixture app) : BrowserTest(app)
{
    /// <summary>A relay between the page and the server that can drop the link and hold reconnects off.</summary>
    private sealed class Relay
    {
        public volatile bool Refusing;
        public ConcurrentQueue<string> FromPage { get; } = new();
        private IWebSocketRoute? _page, _server;

        public void Attach(IWebSocketRoute ws)
        {
            if (Refusing)
            {
                _ = ws.CloseAsync(new() { Code = 1011, Reason = "server away" });
                return;
            }
            var server = ws.ConnectToServer();
            ws.OnMessage(f =>
            {
                if (f.Text is { } text) { FromPage.Enqueue(text); server.Send(text); }
            });
            (_page, _server) = (ws, server);
        }

        public async Task DropAsync()
        {
            Refusing = true;
            await _server!.CloseAsync();
            await _page!.CloseAsync(new() { Code = 1011, Reason = "server went away" });
        }
    }

    private async Task<(IPage Page, Relay Relay)> OpenRelayedOverviewAsync()
    {
        var relay = new Relay();
        var page = await OpenAsync("/");
        await page.RouteWebSocketAsync("**/ws/events", relay.Attach);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "open");
        return (page, relay);
    }

    /// <summary>Drops a copy of person.jpg with other bytes at its end (another file to the de-duplication) and waits until its event is assessed.</summary>
    private async Task<long> CreateEventAsync(string camera, int countAfter)
    {
        var copy = Path.Combine(App.DataDir, $"person-{countAfter}.jpg");
        await File.WriteAllBytesAsync(copy, [.. await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Images, "person.jpg")), (byte)countAfter]);
        App.Drop(copy, camera);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var items = await App.WaitForEventsAsync(countAfter);
            var newest = items.OrderByDescending(i => i!["id"]!.GetValue<long>()).First()!;
            if (newest["risk_score"] is not null) return newest["id"]!.GetValue<long>();
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the event was never assessed");
            await Task.Delay(250);
        }
    }

    private static async Task AssertShownOnceAsync(IPage page, long eventId)
    {
        var item = page.Locator($"[data-testid=feed-item][data-event-id='{eventId}']");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 45_000 });
        await page.WaitForTimeoutAsync(1500); // a late duplicate from the replay would show by now
        await Assertions.Expect(item).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task After_the_server_drops_the_socket_the_page_resyncs_and_shows_the_missed_event_once()
    {
        await App.CreateCameraAsync("porch", "Porch");
        var (page, relay) = await OpenRelayedOverviewAsync();
        var connection = page.GetByTestId("connection");

        var first = await CreateEventAsync("porch", 1);
        await AssertShownOnceAsync(page, first); // live, with its store sequence

        await relay.DropAsync();
        await Assertions.Expect(connection).ToHaveAttributeAsync("data-state", "reconnecting");
        await Assertions.Expect(connection).ToContainTextAsync("Reconnecting");
        var missed = await CreateEventAsync("porch", 2);
        Assert.Equal(0, await page.Locator($"[data-event-id='{missed}']").CountAsync());

        relay.Refusing = false;
        await Assertions.Expect(connection).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 30_000 });
        await AssertShownOnceAsync(page, missed);
        await AssertShownOnceAsync(page, first);
        Assert.Contains(relay.FromPage, f => f.Contains("\"type\":\"resync\"") && System.Text.RegularExpressions.Regex.IsMatch(f, "\"last_sequence\":[1-9]"));
    }

    [Fact]
    public async Task A_page_that_had_no_sequence_before_the_drop_reloads_and_shows_the_missed_event_once()
    {
        await App.CreateCameraAsync("yard", "Yard");
        var (page, relay) = await OpenRelayedOverviewAsync();
        var connection = page.GetByTestId("connection");

        await relay.DropAsync();
        await Assertions.Expect(connection).ToHaveAttributeAsync("data-state", "reconnecting");
        var missed = await CreateEventAsync("yard", 1);

        relay.Refusing = false;
        await Assertions.Expect(connection).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 30_000 });
        await AssertShownOnceAsync(page, missed);
        await Assertions.Expect(page.GetByTestId("feed-item")).ToHaveCountAsync(1);
    }
}
