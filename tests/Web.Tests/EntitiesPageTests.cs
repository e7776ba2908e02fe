using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class EntitiesPageTests(DashboardFixture app) : BrowserTest(app)
{
    /// <summary>Drops a picture of a person and polls the API until the enrichment stage has made an entity of them.</summary>
    private async Task<string> PersonSeenAsync()
    {
        await App.CreateCameraAsync("porch", "Porch");
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "porch");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var items = (await App.Client().GetJsonAsync("/api/entities"))["items"]!.AsArray();
            if (items.Count > 0) return items[0]!["id"]!.GetValue<string>();
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no entity 120 s after a picture of a person");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task A_person_seen_is_listed_and_the_trust_set_in_the_page_is_what_the_API_keeps()
    {
        var id = await PersonSeenAsync();
        var page = await OpenAsync("/entities");
        var tile = page.GetByTestId("entity");
        await Assertions.Expect(tile).ToHaveCountAsync(1);
        await Assertions.Expect(tile.GetByTestId("trust")).ToHaveTextAsync("Unknown");
        await page.AssertNoViolationsAsync("the entities list");

        await tile.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/entities/{id}$"));
        await Assertions.Expect(page.GetByTestId("appearance")).Not.ToHaveCountAsync(0);
        await page.GetByTestId("trust-select").SelectOptionAsync("trusted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save trust" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Marked trusted.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("trust")).ToHaveTextAsync("Trusted");
        var stored = await App.Client().GetJsonAsync($"/api/entities/{id}");
        Assert.Equal("trusted", stored["trust_status"]!.GetValue<string>());
        await page.AssertNoViolationsAsync("an entity");

        await page.GetByRole(AriaRole.Button, new() { Name = "Not this person" }).First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync("the 'not this person' dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "entity.png"), FullPage = true });
    }

    [Fact]
    public async Task The_entity_pages_fit_a_phone()
    {
        var id = await PersonSeenAsync();
        var page = await OpenAsync("/entities", 390, 844);
        await Assertions.Expect(page.GetByTestId("entity")).ToHaveCountAsync(1);
        await page.AssertNoSidewaysScrollAsync("the entities list at 390×844");
        await page.GotoAsync($"/entities/{id}");
        await Assertions.Expect(page.GetByTestId("appearance")).Not.ToHaveCountAsync(0);
        await page.AssertNoSidewaysScrollAsync("an entity at 390×844");
        await page.AssertNoViolationsAsync("an entity at 390×844");
    }

    [Fact]
    public async Task Not_this_person_in_the_page_takes_the_appearance_off_the_entity()
    {
        await App.CreateCameraAsync("yard", "Yard");
        // The same person twice (the second picture mirrored, so it is a file of its own): one entity, two appearances.
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "yard");
        var mirrored = Path.Combine(App.DataDir, "person-mirrored.jpg");
        using (var source = SkiaSharp.SKBitmap.Decode(Path.Combine(FixturePaths.Images, "person.jpg")))
        using (var flipped = new SkiaSharp.SKBitmap(source.Width, source.Height))
        {
            using (var canvas = new SkiaSharp.SKCanvas(flipped))
            {
                canvas.Scale(-1, 1, source.Width / 2f, 0);
                canvas.DrawImage(SkiaSharp.SKImage.FromBitmap(source), 0, 0, new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear));
            }
            using var file = File.Create(mirrored);
            flipped.Encode(file, SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        }
        await App.WaitForEventsAsync(1);
        App.Drop(mirrored, "yard");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        JsonArray items;
        while ((items = (await App.Client().GetJsonAsync("/api/entities"))["items"]!.AsArray()).Sum(e => e!["appearance_count"]!.GetValue<int>()) < 2)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("not two appearances 120 s after two pictures of a person");
            await Task.Delay(500);
        }
        Assert.Single(items);
        var id = items[0]!["id"]!.GetValue<string>();

        var page = await OpenAsync($"/entities/{id}");
        await Assertions.Expect(page.GetByTestId("appearance")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Not this person" }).Last.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove appearance" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("appearance")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByText("Removed: that appearance will not match again.")).ToBeVisibleAsync();
        var stored = await App.Client().GetJsonAsync($"/api/entities/{id}");
        Assert.Single(stored["appearances"]!.AsArray());
    }
}
