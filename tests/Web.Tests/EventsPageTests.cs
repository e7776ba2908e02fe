using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class EventsPageTests(DashboardFixture app) : BrowserTest(app)
{
    /// <summary>A person at the front door and a dog in the backyard: one event on each camera.</summary>
    private async Task TwoEventsAsync()
    {
        await App.CreateCameraAsync("front_door", "Front Door");
        await App.CreateCameraAsync("backyard", "Backyard");
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "front_door");
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"), "backyard");
        await App.WaitForEventsAsync(2, seconds: 120);
    }

    [Fact]
    public async Task Filters_set_in_the_page_survive_a_reload_and_the_export_downloads_the_filtered_csv()
    {
        await TwoEventsAsync();
        var page = await OpenAsync("/events");
        var rows = page.GetByTestId("event-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        // Both pictures hold a dog; only the backyard's holds a bicycle.
        await page.Locator("select[name=object_type]").SelectOptionAsync("bicycle");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.Locator("select[name=camera_id]").SelectOptionAsync("backyard");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("camera_id=backyard.*object_type=bicycle"));

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("select[name=camera_id]")).ToHaveValueAsync("backyard");
        await Assertions.Expect(page.Locator("select[name=object_type]")).ToHaveValueAsync("bicycle");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Backyard");
        await Assertions.Expect(rows.First).ToContainTextAsync("bicycle");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "events.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("event_id,camera_name,started_at", csv);
        Assert.Contains("Backyard", csv);
        Assert.DoesNotContain("Front Door", csv);

        // The same link, as the browser asked for it: a CSV answer.
        var href = await page.GetByTestId("export").GetAttributeAsync("href");
        var response = await App.Client().GetAsync(href);
        Assert.True(response.IsSuccessStatusCode, $"GET {href}: {(int)response.StatusCode}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_search_box_finds_an_event_and_keeps_the_words_in_the_url()
    {
        await TwoEventsAsync();
        var page = await OpenAsync("/events");
        var rows = page.GetByTestId("event-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Searchbox).FillAsync("bicycle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]q=bicycle"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Backyard");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Searchbox)).ToHaveValueAsync("bicycle");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_events_page_has_no_accessibility_violations_and_fits_a_phone()
    {
        await TwoEventsAsync();
        var page = await OpenAsync("/events?camera_id=front_door", 390, 844);
        await Assertions.Expect(page.GetByTestId("event-row")).ToHaveCountAsync(1);
        Assert.True(await page.GetByTestId("filters").EvaluateAsync<bool>("d => d.open"), "the filters are open");
        await page.AssertNoViolationsAsync("the events page with its filters open");
        await page.AssertNoSidewaysScrollAsync("the events page at 390×844");
    }
}
