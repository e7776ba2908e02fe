using System.Diagnostics;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class OverviewTests(DashboardFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task A_file_dropped_into_a_camera_folder_appears_in_the_live_feed_without_a_reload()
    {
        await App.CreateCameraAsync("front_door", "Front Door");
        var page = await OpenAsync("/");
        await page.WaitForSelectorAsync("[data-testid=connection][data-state=open]");
        await Assertions.Expect(page.GetByTestId("camera-tile")).ToHaveCountAsync(1);

        var clock = Stopwatch.StartNew();
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "front_door");
        await Assertions.Expect(page.GetByTestId("feed-item")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        Console.WriteLine($"[dashboard] drop → on screen in the overview feed: {clock.ElapsedMilliseconds} ms");

        var item = page.GetByTestId("feed-item").First;
        await Assertions.Expect(item).ToContainTextAsync("front_door");
        Assert.Equal("polite", await page.GetByTestId("feed").GetAttributeAsync("aria-live"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "overview.png"), FullPage = true });
    }

    [Fact]
    public async Task The_overview_has_no_accessibility_violations_and_fits_a_phone()
    {
        await App.CreateCameraAsync("driveway");
        var page = await OpenAsync("/", 390, 844);
        await Assertions.Expect(page.GetByTestId("camera-tile")).ToHaveCountAsync(1);
        await page.AssertNoViolationsAsync("the overview");
        await page.AssertNoSidewaysScrollAsync("the overview at 390×844");
    }
}
