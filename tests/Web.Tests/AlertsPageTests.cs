using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class AlertsPageTests(DashboardFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task A_rule_made_in_the_editor_raises_an_alert_for_a_person_which_is_tested_and_acknowledged_in_the_page()
    {
        await App.CreateCameraAsync("gate", "Gate");
        var page = await OpenAsync("/alerts");
        await page.GetByRole(AriaRole.Button, new() { Name = "New rule" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog);
        await editor.GetByLabel("Name").FillAsync("Person at the gate");
        await editor.GetByLabel("Objects (comma-separated, e.g. person, car)").FillAsync("person");
        await page.AssertNoViolationsAsync("the rule editor");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule")).ToContainTextAsync("objects: person");
        var rule = (await App.Client().GetJsonAsync("/api/alerts/rules"))["items"]!.AsArray().Single()!;
        Assert.Equal("Person at the gate", rule["name"]!.GetValue<string>());
        Assert.Equal(["person"], rule["object_types"]!.AsArray().Select(o => o!.GetValue<string>()));

        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "gate");
        var alertId = await AlertRaisedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Test Person at the gate" }).ClickAsync();
        var test = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(test.GetByTestId("rule-test")).ToContainTextAsync("1 of 1 recent events match", new() { Timeout = 30_000 });
        await page.AssertNoViolationsAsync("the rule test");
        await test.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        var alert = page.GetByTestId("alert");
        await Assertions.Expect(alert).ToHaveCountAsync(1);
        await Assertions.Expect(alert).ToContainTextAsync("Person at the gate");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(alert.GetByTestId("alert-status")).ToHaveTextAsync("acknowledged");
        var stored = await App.Client().GetJsonAsync($"/api/alerts/{alertId}");
        Assert.Equal("acknowledged", stored["status"]!.GetValue<string>());
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "alerts.png"), FullPage = true });
    }

    [Fact]
    public async Task The_alerts_page_and_its_editor_are_accessible_fit_a_phone_and_a_test_send_says_why_it_failed()
    {
        var page = await OpenAsync("/alerts", 390, 844);
        await Assertions.Expect(page.GetByText("No rules yet")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync("the alerts page");
        await page.AssertNoSidewaysScrollAsync("the alerts page at 390×844");

        await page.GetByRole(AriaRole.Button, new() { Name = "New rule" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(editor).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync("the rule editor at 390×844");
        await page.AssertNoSidewaysScrollAsync("the rule editor at 390×844");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(editor).ToHaveCountAsync(0);

        // No webhook is configured in the tests: the API answers 200 with success false and the reason.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-result")).ToContainTextAsync("Failed:", new() { Timeout = 30_000 });
        await page.AssertNoViolationsAsync("the alerts page after a failed test send");
    }

    private async Task<string> AlertRaisedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var items = (await App.Client().GetJsonAsync("/api/alerts"))["items"]!.AsArray();
            if (items.Count > 0) return items[0]!["id"]!.GetValue<string>();
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no alert 120 s after a picture of a person");
            await Task.Delay(500);
        }
    }
}
