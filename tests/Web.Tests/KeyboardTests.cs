using Microsoft.Playwright;

namespace Hsi.Web.Tests;

/// <summary>Keyboard-only use of the shell: the skip link first, then the navigation, then the page.</summary>
public sealed class KeyboardTests(DashboardFixture app) : BrowserTest(app)
{
    private static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return (e?.tagName ?? '') + ' ' + (e?.textContent ?? '').trim(); }");

    [Fact]
    public async Task Tab_reaches_the_skip_link_the_navigation_and_the_overview_content()
    {
        await App.CreateCameraAsync("garden", "Garden");
        var page = await OpenAsync("/");
        await Assertions.Expect(page.GetByTestId("camera-tile")).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("A Skip to content", await FocusedAsync(page));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeInViewportAsync();

        var seen = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            seen.Add(await FocusedAsync(page));
        }
        Assert.Equal(["A Overview", "A Events", "A Cameras", "A Entities", "A Alerts", "A Analytics", "A Settings", "A Operations"], seen);

        // The skip link moves focus past the navigation into the main content.
        for (var i = 0; i < 8; i++) await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("A Skip to content", await FocusedAsync(page));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement?.id"));

        // Enter on a navigation link goes there, without a mouse.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cameras", Exact = true }).First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cameras$"));
    }
}
