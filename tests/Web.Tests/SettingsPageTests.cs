using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class SettingsPageTests(DashboardFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task A_calibration_threshold_moved_with_its_slider_is_saved_and_reset_restores_the_default()
    {
        var client = App.Client();
        var defaults = await client.GetJsonAsync("/api/calibration/defaults");
        var medium = defaults["medium_threshold"]!.GetValue<int>();
        var high = defaults["high_threshold"]!.GetValue<int>();
        var moved = Math.Min(medium + 5, high - 1);
        Assert.NotEqual(medium, moved);

        var page = await OpenAsync("/settings");
        var slider = page.Locator("input[type=range][name=medium_threshold]");
        await Assertions.Expect(slider).ToHaveValueAsync(medium.ToString());
        await slider.FillAsync(moved.ToString());
        await Assertions.Expect(page.GetByTestId("medium_threshold-value")).ToHaveTextAsync(moved.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Save calibration" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Calibration saved.")).ToBeVisibleAsync();

        Assert.Equal(moved, (await client.GetJsonAsync("/api/calibration"))["medium_threshold"]!.GetValue<int>());
        await Assertions.Expect(page.GetByTestId("calibration-history")).ToContainTextAsync("changed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset to defaults" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Calibration reset to the defaults.")).ToBeVisibleAsync();
        await Assertions.Expect(slider).ToHaveValueAsync(medium.ToString());
        Assert.Equal(medium, (await client.GetJsonAsync("/api/calibration"))["medium_threshold"]!.GetValue<int>());
        await Assertions.Expect(page.GetByTestId("calibration-history")).ToContainTextAsync("reset");
    }

    [Fact]
    public async Task A_retention_change_is_saved_and_shows_in_the_configuration_history()
    {
        var client = App.Client();
        var days = (await client.GetJsonAsync("/api/system/config"))["retention_days"]!.GetValue<int>();
        var next = days >= 365 ? days - 1 : days + 1;

        var page = await OpenAsync("/settings");
        var retention = page.GetByRole(AriaRole.Region, new() { Name = "Retention" });
        await retention.GetByLabel("Keep events for (days)").FillAsync(next.ToString());
        await retention.GetByRole(AriaRole.Button, new() { Name = "Save retention settings" }).ClickAsync();
        await Assertions.Expect(retention.GetByText("Saved.")).ToBeVisibleAsync();
        Assert.Equal(next, (await client.GetJsonAsync("/api/system/config"))["retention_days"]!.GetValue<int>());
        await Assertions.Expect(page.GetByTestId("config-history")).ToContainTextAsync($"retention_days: {days} → {next}");

        await retention.GetByRole(AriaRole.Button, new() { Name = "Preview cleanup" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("cleanup-report")).ToContainTextAsync("Would remove 0 events");
        await page.AssertNoViolationsAsync("the settings page after a cleanup preview");
    }

    [Fact]
    public async Task The_settings_page_has_no_accessibility_violations_and_fits_a_phone()
    {
        var page = await OpenAsync("/settings", 390, 844);
        await Assertions.Expect(page.Locator("input[type=range]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByLabel("Keep events for (days)")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync("the settings page");
        await page.AssertNoSidewaysScrollAsync("the settings page at 390×844");
    }
}
