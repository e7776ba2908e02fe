using Microsoft.Playwright;

namespace Hsi.Web.Tests;

/// <summary>The default host with API keys on.</summary>
public sealed class ApiKeyFixture : DashboardFixture
{
    public const string Key = "web-test-key-7f3a";

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["API_KEY_ENABLED"] = "true",
        ["API_KEYS"] = $"[\"{Key}\"]",
    };
}

[CollectionDefinition(Name)]
public sealed class ApiKeyCollection : ICollectionFixture<ApiKeyFixture>
{
    public const string Name = "dashboard with API keys";
}

[Collection(ApiKeyCollection.Name)]
public sealed class ApiKeyTests(ApiKeyFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task The_shell_loads_without_a_key_a_wrong_key_is_refused_and_the_right_one_works()
    {
        using (var anonymous = App.Client())
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cameras")).StatusCode);
        }
        await App.CreateCameraAsync("gate", "Gate", ApiKeyFixture.Key);
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "gate");
        await App.WaitForEventsAsync(1, ApiKeyFixture.Key);

        var page = await OpenAsync("/", expected: 401);
        // What the page offers when it opens a WebSocket (the key rides as a subprotocol).
        await page.AddInitScriptAsync("""
            (() => { const Native = window.WebSocket; window.__offered = [];
              window.WebSocket = class extends Native { constructor(url, protocols) { super(url, protocols); window.__offered.push([].concat(protocols ?? [])); } }; })();
            """);
        await page.ReloadAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "API key required" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var field = dialog.GetByLabel("API key");
        await Assertions.Expect(field).ToBeFocusedAsync();
        await page.AssertNoViolationsAsync("the API key dialog");

        // Keyboard only: type, Tab to the button (focus stays in the modal dialog), Enter.
        await page.Keyboard.TypeAsync("not-the-key");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Use key" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await dialog.EvaluateAsync<bool>("d => d.contains(document.activeElement) || document.activeElement === document.body"),
            "Tab left the modal key dialog");
        await field.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("key-error")).ToContainTextAsync("Wrong key");
        await page.AssertNoViolationsAsync("the API key dialog with the wrong-key error");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "api-key-wrong.png") });

        await field.FillAsync(ApiKeyFixture.Key);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("camera-tile")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "open");
        var offered = await page.EvaluateAsync<string[][]>("() => window.__offered");
        Assert.Contains(offered, p => p.Contains($"api-key.{ApiKeyFixture.Key}"));

        var snapshot = page.GetByTestId("camera-tile").Locator("img");
        await Assertions.Expect(snapshot).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await snapshot.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await snapshot.ElementHandleAsync());
        await Assertions.Expect(page.GetByTestId("feed-item")).ToHaveCountAsync(1);
    }
}
