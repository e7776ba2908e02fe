using System.Net;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

/// <summary>The cameras page: a person adds, renames, moves, deletes and restores cameras, and the API agrees.</summary>
public sealed class CameraPageTests(DashboardFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task A_camera_is_created_renamed_moved_deleted_and_restored_through_the_page_and_the_API_agrees()
    {
        using var api = App.Client();
        var page = await OpenAsync("/cameras");
        var add = page.GetByTestId("new-camera-form");
        await add.GetByLabel("Name").FillAsync("Porch");
        await add.GetByLabel("Folder").FillAsync("porch");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add camera" }).ClickAsync();

        var card = page.Locator("[data-testid=camera-card][data-camera-id=porch]");
        await Assertions.Expect(card).ToContainTextAsync("Porch");
        await Assertions.Expect(page.GetByTestId("camera-notice")).ToHaveTextAsync("Camera Porch added.");
        Assert.Equal("Porch", (await api.GetJsonAsync("/api/cameras/porch"))["name"]!.GetValue<string>());

        await card.GetByRole(AriaRole.Button, new() { Name = "Edit Porch" }).ClickAsync();
        var edit = page.GetByTestId("edit-porch-form");
        await Assertions.Expect(edit.GetByLabel("Name")).ToBeFocusedAsync();
        await edit.GetByLabel("Name").FillAsync("Back Porch");
        await edit.GetByLabel("Folder").FillAsync("back_porch");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Back Porch");
        await Assertions.Expect(card).ToContainTextAsync(Path.Combine(App.CameraRoot, "back_porch"));
        var changed = await api.GetJsonAsync("/api/cameras/porch");
        Assert.Equal("Back Porch", changed["name"]!.GetValue<string>());
        Assert.Equal(Path.Combine(App.CameraRoot, "back_porch"), changed["folder_path"]!.GetValue<string>());

        await card.GetByRole(AriaRole.Button, new() { Name = "Delete Back Porch" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Delete camera" }).ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        var deletedCard = page.Locator("[data-testid=deleted-card][data-camera-id=porch]");
        await Assertions.Expect(deletedCard).ToContainTextAsync("Back Porch");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/cameras/porch")).StatusCode);
        var deleted = (await api.GetJsonAsync("/api/cameras/deleted"))["items"]!.AsArray();
        Assert.Contains(deleted, c => c!["id"]!.GetValue<string>() == "porch");

        await deletedCard.GetByRole(AriaRole.Button, new() { Name = "Restore Back Porch" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Back Porch");
        await Assertions.Expect(deletedCard).ToHaveCountAsync(0);
        Assert.Equal("Back Porch", (await api.GetJsonAsync("/api/cameras/porch"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_folder_is_shown_at_its_field_and_a_taken_name_as_a_conflict()
    {
        await App.CreateCameraAsync("garage", "Garage");
        var page = await OpenAsync("/cameras");
        WatchOf(page).Expect(422);
        WatchOf(page).Expect(409);
        var add = page.GetByTestId("new-camera-form");
        await add.GetByLabel("Name").FillAsync("Shed");
        await add.GetByLabel("Folder").FillAsync("shed|door");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add camera" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("new-camera-folder-error")).ToContainTextAsync("folder_path must not contain");
        await Assertions.Expect(add.GetByLabel("Folder")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(add.GetByLabel("Name")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertNoViolationsAsync("the cameras page with a refused field");

        await add.GetByLabel("Name").FillAsync("Garage");
        await add.GetByLabel("Folder").FillAsync("garage_two");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add camera" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-camera-refusal")).ToContainTextAsync("Conflict: A camera named 'Garage' already exists");
        await Assertions.Expect(page.GetByTestId("new-camera-folder-error")).ToHaveCountAsync(0);
        Assert.Single((await App.Client().GetJsonAsync("/api/cameras"))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_cameras_page_has_no_accessibility_violations_and_fits_a_phone()
    {
        await App.CreateCameraAsync("driveway", "Driveway");
        await App.CreateCameraAsync("old_shed", "Old Shed");
        Assert.True((await App.Client().DeleteAsync("/api/cameras/old_shed")).IsSuccessStatusCode);
        var page = await OpenAsync("/cameras", 390, 844);
        await Assertions.Expect(page.GetByTestId("camera-card")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("deleted-card")).ToHaveCountAsync(1);
        await page.AssertNoViolationsAsync("the cameras page");
        await page.AssertNoSidewaysScrollAsync("the cameras page at 390×844");

        var card = page.GetByTestId("camera-card");
        await card.GetByRole(AriaRole.Button, new() { Name = "Edit Driveway" }).ClickAsync();
        await page.AssertNoViolationsAsync("the cameras page with the edit form open");
        await page.AssertNoSidewaysScrollAsync("the edit form at 390×844");
        await card.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await card.GetByRole(AriaRole.Button, new() { Name = "Delete Driveway" }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Keep" })).ToBeFocusedAsync();
        await page.AssertNoViolationsAsync("the cameras page asking to confirm a delete");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "Zones of Driveway" })).ToHaveAttributeAsync("href", "/cameras/driveway/zones");
    }
}
