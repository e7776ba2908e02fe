using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

/// <summary>
/// The zone editor: zones drawn and dragged with the pointer over the camera's real snapshot are stored
/// with the points drawn (the API's 0–1 coordinates of the picture), and the keyboard can do it all too.
/// </summary>
public sealed class ZoneEditorTests(DashboardFixture app) : BrowserTest(app)
{
    /// <summary>Points a test draws, as fractions of the picture.</summary>
    private static readonly (double X, double Y)[] Lawn = [(0.2, 0.3), (0.7, 0.25), (0.65, 0.8), (0.25, 0.7)];

    /// <summary>One click is one device pixel off at most: a few thousandths of a picture a few hundred pixels wide.</summary>
    private const double Tolerance = 0.005;

    [Fact]
    public async Task A_polygon_drawn_on_the_snapshot_is_stored_with_the_points_drawn()
    {
        await CameraWithPictureAsync("yard");
        var page = await OpenAsync("/cameras/yard/zones");
        var canvas = await SnapshotCanvasAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "New zone" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Name")).ToBeFocusedAsync();
        await page.AssertNoViolationsAsync("the zone editor with the zone form open");
        foreach (var (x, y) in Lawn) await ClickAtAsync(page, canvas, x, y);
        await Assertions.Expect(page.GetByTestId("vertex")).ToHaveCountAsync(Lawn.Length);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("drawing-help")).ToContainTextAsync("Drag a point");

        var form = page.GetByTestId("zone-form");
        await form.GetByLabel("Name").FillAsync("Lawn");
        await form.GetByLabel("Type").SelectOptionAsync("yard");
        await form.GetByLabel("Priority").FillAsync("7");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "zone-editor.png"), FullPage = true });
        await form.GetByRole(AriaRole.Button, new() { Name = "Save zone" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("zone-notice")).ToHaveTextAsync("Zone Lawn saved.");
        await Assertions.Expect(page.GetByTestId("zone-item")).ToContainTextAsync("Lawn");
        var zone = Assert.Single(await ZonesAsync("yard"));
        Assert.Equal("Lawn", zone["name"]!.GetValue<string>());
        Assert.Equal("yard", zone["zone_type"]!.GetValue<string>());
        Assert.Equal("polygon", zone["shape"]!.GetValue<string>());
        Assert.Equal(7, zone["priority"]!.GetValue<int>());
        AssertPoints(Lawn, zone);
    }

    [Fact]
    public async Task A_vertex_dragged_on_the_snapshot_is_stored_where_it_was_dropped()
    {
        await CameraWithPictureAsync("yard");
        await App.Client().PostJsonAsync("/api/cameras/yard/zones", new
        {
            name = "Lawn",
            shape = "polygon",
            coordinates = Lawn.Select(p => new[] { p.X, p.Y }).ToArray(),
        });
        var page = await OpenAsync("/cameras/yard/zones");
        var canvas = await SnapshotCanvasAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit zone Lawn" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("vertex")).ToHaveCountAsync(Lawn.Length);
        var box = (await canvas.BoundingBoxAsync())!;
        var (from, to) = (Lawn[1], (X: 0.85, Y: 0.45));
        await page.Mouse.MoveAsync(box.X + (float)from.X * box.Width, box.Y + (float)from.Y * box.Height);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (float)to.X * box.Width, box.Y + (float)to.Y * box.Height, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.GetByLabel("Points")).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"0\.7, 0\.25"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save zone" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("zone-notice")).ToHaveTextAsync("Zone Lawn saved.");
        AssertPoints([Lawn[0], to, Lawn[2], Lawn[3]], Assert.Single(await ZonesAsync("yard")));
    }

    [Fact]
    public async Task A_zone_without_a_name_is_refused_at_its_field_and_a_line_is_its_two_clicked_ends()
    {
        // No picture yet: the editor draws on a placeholder and never asks for the snapshot (a 404).
        await App.CreateCameraAsync("gate", "Gate");
        var page = await OpenAsync("/cameras/gate/zones");
        WatchOf(page).Expect(422);
        var canvas = page.GetByTestId("zone-canvas");
        await Assertions.Expect(page.GetByTestId("zone-canvas-frame")).ToHaveAttributeAsync("data-snapshot", "none");
        await Assertions.Expect(page.GetByText("No picture from this camera yet")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New zone" }).ClickAsync();
        var form = page.GetByTestId("zone-form");
        await form.GetByLabel("Kind").SelectOptionAsync("line");
        await ClickAtAsync(page, canvas, 0.1, 0.5);
        await ClickAtAsync(page, canvas, 0.9, 0.55);
        // The second end finishes a line: a third click adds nothing.
        await ClickAtAsync(page, canvas, 0.5, 0.2);
        await Assertions.Expect(page.GetByTestId("vertex")).ToHaveCountAsync(2);

        await form.GetByRole(AriaRole.Button, new() { Name = "Save zone" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("zone-name-error")).ToContainTextAsync("name must be 1–255 characters");
        await Assertions.Expect(form.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertNoViolationsAsync("the zone form with a refused field");
        Assert.Empty(await ZonesAsync("gate"));

        await form.GetByLabel("Name").FillAsync("Gate line");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save zone" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("zone-item")).ToContainTextAsync("Gate line");
        var zone = Assert.Single(await ZonesAsync("gate"));
        Assert.Equal("line", zone["kind"]!.GetValue<string>());
        AssertPoints([(0.1, 0.5), (0.9, 0.55)], zone);
    }

    [Fact]
    public async Task A_zone_is_made_changed_and_deleted_with_the_keyboard_alone()
    {
        await App.CreateCameraAsync("gate", "Gate");
        var page = await OpenAsync("/cameras/gate/zones");
        await page.GetByRole(AriaRole.Button, new() { Name = "New zone" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByLabel("Name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Path");
        // Name, type, kind, priority, colour, enabled: the points come next.
        for (var i = 0; i < 6; i++) await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Points")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("0.1, 0.1\n0.4, 0.1\n0.4, 0.6");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save zone" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("zone-item")).ToContainTextAsync("Path");
        AssertPoints([(0.1, 0.1), (0.4, 0.1), (0.4, 0.6)], Assert.Single(await ZonesAsync("gate")));

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit zone Path" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete zone" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keep" })).ToBeFocusedAsync();
        await page.AssertNoViolationsAsync("the zone editor asking to confirm a delete");
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("zone-notice")).ToHaveTextAsync("Zone Path deleted.");
        Assert.Empty(await ZonesAsync("gate"));
    }

    [Fact]
    public async Task The_zone_editor_has_no_accessibility_violations_and_fits_a_phone()
    {
        await App.CreateCameraAsync("gate", "Gate");
        await App.Client().PostJsonAsync("/api/cameras/gate/zones", new { name = "Drive", zone_type = "driveway", coordinates = new[] { new[] { 0.1, 0.1 }, [0.5, 0.1], [0.5, 0.5], [0.1, 0.5] } });
        var page = await OpenAsync("/cameras/gate/zones", 390, 844);
        await Assertions.Expect(page.GetByTestId("zone-item")).ToHaveCountAsync(1);
        await page.AssertNoViolationsAsync("the zone editor");
        await page.AssertNoSidewaysScrollAsync("the zone editor at 390×844");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit zone Drive" }).ClickAsync();
        await page.AssertNoViolationsAsync("the zone editor with a zone open");
        await page.AssertNoSidewaysScrollAsync("the zone form at 390×844");
        await page.GetByRole(AriaRole.Button, new() { Name = "Redraw on the picture" }).ClickAsync();
        await page.AssertNoViolationsAsync("the zone editor while drawing");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("vertex")).ToHaveCountAsync(4);
    }

    /// <summary>A camera whose folder has a real picture, once the API has seen it (so the page asks for its snapshot).</summary>
    private async Task CameraWithPictureAsync(string id)
    {
        await App.CreateCameraAsync(id);
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), id);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await App.Client().GetJsonAsync($"/api/cameras/{id}"))["last_seen_at"] is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"camera {id} not seen within 60 s of a drop");
            await Task.Delay(250);
        }
    }

    private static async Task<ILocator> SnapshotCanvasAsync(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("zone-canvas-frame")).ToHaveAttributeAsync("data-snapshot", "loaded");
        return page.GetByTestId("zone-canvas");
    }

    private static async Task ClickAtAsync(IPage page, ILocator canvas, double x, double y)
    {
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + (float)x * box.Width, box.Y + (float)y * box.Height);
    }

    private async Task<List<JsonNode>> ZonesAsync(string camera) =>
        [.. (await App.Client().GetJsonAsync($"/api/cameras/{camera}/zones"))["items"]!.AsArray().Select(z => z!)];

    private static void AssertPoints((double X, double Y)[] expected, JsonNode zone)
    {
        var stored = zone["coordinates"]!.AsArray().Select(p => (X: p![0]!.GetValue<double>(), Y: p[1]!.GetValue<double>())).ToList();
        Assert.Equal(expected.Length, stored.Count);
        foreach (var (e, s) in expected.Zip(stored))
            Assert.True(Math.Abs(e.X - s.X) <= Tolerance && Math.Abs(e.Y - s.Y) <= Tolerance, $"stored ({s.X}, {s.Y}), drawn ({e.X}, {e.Y})");
    }
}
