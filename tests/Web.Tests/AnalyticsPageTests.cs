using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class AnalyticsPageTests(DashboardFixture app) : BrowserTest(app)
{
    /// <summary>Two real pictures through the whole pipeline, so every chart has something to show.</summary>
    private async Task DropPicturesAsync()
    {
        await App.CreateCameraAsync("front_door", "Front Door");
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "front_door");
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"), "front_door");
        await App.WaitForEventsAsync(1);
    }

    [Fact]
    public async Task The_analytics_page_charts_the_detections_that_came_in()
    {
        await DropPicturesAsync();
        var page = await OpenAsync("/analytics");

        // Detection trends, risk levels, mean risk score, object types, uptime and the hour-of-week heatmap.
        await Assertions.Expect(page.GetByTestId("chart")).ToHaveCountAsync(6, new() { Timeout = 30_000 });
        foreach (var svg in await page.GetByTestId("chart").AllAsync())
        {
            Assert.Equal("img", await svg.GetAttributeAsync("role"));
            Assert.False(string.IsNullOrWhiteSpace(await svg.EvaluateAsync<string>("e => document.getElementById(e.getAttribute('aria-labelledby'))?.textContent ?? ''")));
        }
        await Assertions.Expect(page.GetByText("0 detections in the range")).ToHaveCountAsync(0);

        // The text alternative of a chart: its numbers as a table.
        var objects = page.GetByRole(AriaRole.Region, new() { Name = "Object distribution" });
        await objects.GetByText("Detections per object type as a table").ClickAsync();
        await Assertions.Expect(objects.GetByRole(AriaRole.Table)).ToContainTextAsync("person");
        var uptime = page.GetByRole(AriaRole.Region, new() { Name = "Camera uptime" });
        await uptime.GetByText("Camera uptime as a table").ClickAsync();
        await Assertions.Expect(uptime.GetByRole(AriaRole.Table)).ToContainTextAsync("Front Door");

        var heatmap = page.GetByRole(AriaRole.Region, new() { Name = "Activity by hour of the week" });
        await Assertions.Expect(heatmap.GetByLabel("Camera")).ToHaveValueAsync("front_door");
        await Assertions.Expect(heatmap.GetByTestId("baseline-state")).ToBeVisibleAsync();

        await page.AssertNoViolationsAsync("the analytics page with its tables open");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "analytics.png"), FullPage = true });
    }

    [Fact]
    public async Task The_analytics_page_has_no_accessibility_violations_and_fits_a_phone()
    {
        await DropPicturesAsync();
        var page = await OpenAsync("/analytics", 390, 844);
        await Assertions.Expect(page.GetByTestId("chart")).ToHaveCountAsync(6, new() { Timeout = 30_000 });
        await page.AssertNoViolationsAsync("the analytics page");
        await page.AssertNoSidewaysScrollAsync("the analytics page at 390×844");
    }
}
