using System.Net;

namespace Hsi.Web.Tests;

/// <summary>The API serves the dashboard: the shell, its hashed assets, deep links, and JSON 404s where the API lives.</summary>
public sealed class ShellTests(DashboardFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task The_shell_is_never_cached_its_assets_for_a_year_and_deep_links_get_the_shell()
    {
        using var client = App.Client();
        var shell = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal("no-cache", shell.Headers.CacheControl?.ToString());
        var html = await shell.Content.ReadAsStringAsync();
        var asset = System.Text.RegularExpressions.Regex.Match(html, "/assets/main-[A-Z0-9]+\\.js").Value;
        Assert.NotEmpty(asset);

        var script = await client.GetAsync(asset);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());

        var deep = await client.GetAsync("/events/42");
        Assert.Equal(HttpStatusCode.OK, deep.StatusCode);
        Assert.Equal(html, await deep.Content.ReadAsStringAsync());

        foreach (var path in new[] { "/api/nothing-here", "/ws/nothing", "/assets/missing-123.js" })
        {
            var missing = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/json", missing.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_deep_link_opens_its_page_with_one_h1_landmarks_and_a_language()
    {
        var page = await OpenAsync("/cameras");
        await page.WaitForSelectorAsync("h1");
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(1, await page.Locator("main").CountAsync());
        Assert.Equal(1, await page.Locator("nav").CountAsync());
        Assert.Equal(1, await page.Locator("header").CountAsync());
    }
}
