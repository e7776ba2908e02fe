using System.Text.Json.Nodes;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.SecurityEvents;
using Hsi.Projections.Cameras;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.Properties;

public class PropertyEndpointsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_household_property_and_area_are_created_read_listed_and_changed()
    {
        var home = await Host.HouseholdAsync("  Home ");
        Assert.Equal("Home", home.Name);
        Assert.Equal(home, (await Host.GetJsonAsync($"/api/v1/households/{home.Id}")).As<HouseholdBody>());
        var renamed = (await Host.SendAsync(HttpMethod.Patch, $"/api/v1/households/{home.Id}", new { name = "The Smiths" })).As<HouseholdBody>();
        Assert.Equal("The Smiths", renamed.Name);

        var cabin = await Host.PropertyAsync(home.Id);
        Assert.Equal((home.Id, "Cabin", (string?)null, "UTC"), (cabin.HouseholdId, cabin.Name, cabin.Address, cabin.Timezone));
        var changed = (await Host.SendAsync(HttpMethod.Patch, $"/api/v1/properties/{cabin.Id}", new { address = "1 Fjord Road", timezone = "Europe/Oslo" })).As<PropertyBody>();
        Assert.Equal(("Cabin", "1 Fjord Road", "Europe/Oslo"), (changed.Name, changed.Address, changed.Timezone));
        Assert.Equal(changed, (await Host.GetJsonAsync($"/api/v1/properties/{cabin.Id}")).As<PropertyBody>());

        var yard = (await Host.SendAsync(HttpMethod.Post, $"/api/v1/properties/{cabin.Id}/areas", new { name = "Front Yard", color = "#ff8800" }, 201)).As<AreaBody>();
        Assert.Equal((cabin.Id, "#FF8800", (string?)null), (yard.PropertyId, yard.Color, yard.Description));
        var drive = await Host.AreaAsync(cabin.Id, "Driveway");
        Assert.Equal("#76B900", drive.Color);
        var described = (await Host.SendAsync(HttpMethod.Patch, $"/api/v1/areas/{drive.Id}", new { description = "Gravel\nto the road" })).As<AreaBody>();
        Assert.Equal(("Driveway", "Gravel\nto the road"), (described.Name, described.Description));

        var areas = await Host.GetJsonAsync($"/api/v1/properties/{cabin.Id}/areas?limit=1");
        Assert.Equal(yard.Id, areas["items"]![0]!["id"]!.GetValue<int>());
        Assert.Equal((2, true), (areas["pagination"]!["total"]!.GetValue<int>(), areas["pagination"]!["has_more"]!.GetValue<bool>()));
        var households = await Host.GetJsonAsync("/api/v1/households");
        Assert.Equal([home.Id], households["items"]!.AsArray().Select(h => h!["id"]!.GetValue<int>()));
        Assert.Equal([cabin.Id], (await Host.GetJsonAsync($"/api/v1/households/{home.Id}/properties"))["items"]!.AsArray().Select(p => p!["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_name_taken_among_siblings_is_409_but_the_same_name_elsewhere_is_fine()
    {
        var home = await Host.HouseholdAsync("Home");
        var other = await Host.HouseholdAsync("Other");
        await Host.SendAsync(HttpMethod.Post, "/api/v1/households", new { name = " HOME " }, 409);
        await Host.SendAsync(HttpMethod.Patch, $"/api/v1/households/{other.Id}", new { name = "home" }, 409);

        var cabin = await Host.PropertyAsync(home.Id, "Cabin");
        await Host.PropertyAsync(other.Id, "Cabin");
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/households/{home.Id}/properties", new { name = "cabin" }, 409);
        var flat = await Host.PropertyAsync(home.Id, "Flat");
        await Host.SendAsync(HttpMethod.Patch, $"/api/v1/properties/{flat.Id}", new { name = "Cabin" }, 409);

        await Host.AreaAsync(cabin.Id, "Yard");
        await Host.AreaAsync(flat.Id, "Yard");
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/properties/{cabin.Id}/areas", new { name = "yard" }, 409);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_store_exactly_one()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var result = await Host.Scenario(s => { s.Post.Json(new { name = "Race" }).ToUrl("/api/v1/households"); s.IgnoreStatusCode(); });
            return result.Context.Response.StatusCode;
        }));
        Assert.Equal(1, results.Count(s => s == 201));
        Assert.Equal(7, results.Count(s => s == 409));
        var home = (await Host.GetJsonAsync("/api/v1/households"))["items"]![0]!.As<HouseholdBody>();

        var properties = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var result = await Host.Scenario(s => { s.Post.Json(new { name = "Cabin" }).ToUrl($"/api/v1/households/{home.Id}/properties"); s.IgnoreStatusCode(); });
            return result.Context.Response.StatusCode;
        }));
        Assert.Equal(1, properties.Count(s => s == 201));
    }

    [Theory]
    [InlineData("""{"name":"Cabin","timezone":"Mars/Olympus"}""", "timezone")]
    [InlineData("""{"name":"Cabin","timezone":"Pacific Standard Time"}""", "timezone")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"a\u0007b"}""", "name")]
    [InlineData("""{"timezone":"UTC"}""", "name")]
    [InlineData("""{"name":"Cabin","timezone":5}""", "timezone")]
    public async Task A_bad_property_is_422_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var home = await Host.HouseholdAsync();
        var error = await Host.SendTextAsync(HttpMethod.Post, $"/api/v1/households/{home.Id}/properties", body, 422);
        Assert.Equal(field, error["detail"]![0]!["loc"]![1]!.GetValue<string>());
        Assert.Empty((await Host.GetJsonAsync($"/api/v1/households/{home.Id}/properties"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_long_name_or_a_bad_colour_is_422_and_an_unknown_parent_404()
    {
        var error = await Host.SendAsync(HttpMethod.Post, "/api/v1/households", new { name = new string('n', 101) }, 422);
        Assert.Equal("name", error["detail"]![0]!["loc"]![1]!.GetValue<string>());
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id);
        var colour = await Host.SendAsync(HttpMethod.Post, $"/api/v1/properties/{cabin.Id}/areas", new { name = "Yard", color = "green" }, 422);
        Assert.Equal("color", colour["detail"]![0]!["loc"]![1]!.GetValue<string>());
        await Host.SendAsync(HttpMethod.Post, "/api/v1/households/999999/properties", new { name = "X" }, 404);
        await Host.SendAsync(HttpMethod.Post, "/api/v1/properties/999999/areas", new { name = "X" }, 404);
        await Host.GetJsonAsync("/api/v1/areas/999999/cameras", 404);
    }

    [Fact]
    public async Task Deleting_a_household_deletes_its_properties_and_areas_each_on_its_own_stream()
    {
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id, "Cabin", "Asia/Tokyo");
        var yard = await Host.AreaAsync(cabin.Id);
        await Host.RegisteredCameraAsync();
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { property_id = cabin.Id });
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{yard.Id}/cameras", new { camera_id = "porch" }, 201);

        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/households/{home.Id}", status: 204);
        await Host.GetJsonAsync($"/api/v1/households/{home.Id}", 404);
        await Host.GetJsonAsync($"/api/v1/households/{home.Id}/properties", 404);
        await Host.GetJsonAsync($"/api/v1/properties/{cabin.Id}", 404);
        await Host.GetJsonAsync($"/api/v1/areas/{yard.Id}", 404);
        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/households/{home.Id}", status: 404);

        var camera = (await Host.GetJsonAsync("/api/cameras/porch")).As<PlacedCamera>();
        Assert.Equal((null, 0), (camera.PropertyId, camera.Areas.Length));
        await using var session = App.Store.QuerySession();
        Assert.IsType<Domain.Properties.PropertyDeleted>((await session.Events.FetchStreamAsync($"property:{cabin.Id}"))[^1].Data);
        Assert.IsType<Domain.Properties.AreaDeleted>((await session.Events.FetchStreamAsync($"area:{yard.Id}"))[^1].Data);
        // The name is free again once its holder is gone.
        await Host.HouseholdAsync();
    }

    [Fact]
    public async Task Deleting_a_property_deletes_its_areas_and_deleting_an_area_only_unlinks_its_cameras()
    {
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id);
        var flat = await Host.PropertyAsync(home.Id, "Flat");
        var yard = await Host.AreaAsync(cabin.Id);
        var hall = await Host.AreaAsync(flat.Id, "Hall");
        var stairs = await Host.AreaAsync(flat.Id, "Stairs");
        await Host.RegisteredCameraAsync();
        foreach (var area in new[] { hall, stairs }) await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{area.Id}/cameras", new { camera_id = "porch" }, 201);

        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/properties/{cabin.Id}", status: 204);
        await Host.GetJsonAsync($"/api/v1/areas/{yard.Id}", 404);
        await Host.GetJsonAsync($"/api/v1/areas/{hall.Id}");

        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/areas/{hall.Id}", status: 204);
        var camera = (await Host.GetJsonAsync("/api/cameras/porch")).As<PlacedCamera>();
        Assert.Equal([new AreaBasicBody(stairs.Id, "Stairs")], camera.Areas);
        await Host.GetJsonAsync("/api/cameras/porch");
    }

    [Fact]
    public async Task A_camera_is_linked_to_areas_listed_under_them_and_unlinked()
    {
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id);
        var yard = await Host.AreaAsync(cabin.Id);
        await Host.RegisteredCameraAsync();
        await Host.RegisteredCameraAsync("Garage", "garage");

        var link = await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{yard.Id}/cameras", new { camera_id = "porch" }, 201);
        Assert.Equal(JsonNode.Parse($$"""{"area_id":{{yard.Id}},"camera_id":"porch","linked":true}""")!.ToJsonString(), link.ToJsonString());
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{yard.Id}/cameras", new { camera_id = "porch" }, 409);
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{yard.Id}/cameras", new { camera_id = "garage" }, 201);
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{yard.Id}/cameras", new { camera_id = "nowhere" }, 404);

        var listed = await Host.GetJsonAsync($"/api/v1/areas/{yard.Id}/cameras");
        Assert.Equal((yard.Id, "Front Yard"), (listed["area_id"]!.GetValue<int>(), listed.Str("area_name")));
        Assert.Equal(["garage", "porch"], listed["items"]!.AsArray().Select(c => c!.Str("id")));
        Assert.Equal("online", listed["items"]![0]!.Str("status"));
        var porch = (await Host.GetJsonAsync("/api/cameras/porch")).As<PlacedCamera>();
        Assert.Equal([new AreaBasicBody(yard.Id, "Front Yard")], porch.Areas);

        await Host.SendAsync(HttpMethod.Delete, "/api/cameras/garage", status: 204);
        Assert.Equal(["porch"], (await Host.GetJsonAsync($"/api/v1/areas/{yard.Id}/cameras"))["items"]!.AsArray().Select(c => c!.Str("id")));

        var unlinked = await Host.SendAsync(HttpMethod.Delete, $"/api/v1/areas/{yard.Id}/cameras/porch");
        Assert.False(unlinked["linked"]!.GetValue<bool>());
        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/areas/{yard.Id}/cameras/porch", status: 404);
        Assert.Empty((await Host.GetJsonAsync("/api/cameras/porch")).As<PlacedCamera>().Areas);
    }

    [Fact]
    public async Task A_camera_is_placed_at_a_property_on_create_and_patch_and_null_clears()
    {
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id);
        var created = (await Host.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "Porch", folder_path = "porch", property_id = cabin.Id }, 201)).As<PlacedCamera>();
        Assert.Equal((cabin.Id, 0), (created.PropertyId, created.Areas.Length));
        var error = await Host.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "Shed", folder_path = "shed", property_id = 999999 }, 422);
        Assert.Equal("property_id", error["detail"]![0]!["loc"]![1]!.GetValue<string>());
        await Host.GetJsonAsync("/api/cameras/shed", 404);

        Assert.Equal(cabin.Id, (await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { name = "Front porch" })).As<PlacedCamera>().PropertyId);
        var patchError = await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { property_id = 999999 }, 422);
        Assert.Equal("property_id", patchError["detail"]![0]!["loc"]![1]!.GetValue<string>());
        Assert.Null((await Host.SendTextAsync(HttpMethod.Patch, "/api/cameras/porch", """{"property_id":null}""", 200)).As<PlacedCamera>().PropertyId);
        var listed = (await Host.GetJsonAsync("/api/cameras"))["items"]![0]!;
        Assert.Null(listed["property_id"]);
        Assert.Empty(listed["areas"]!.AsArray());
    }

    [Fact]
    public async Task A_camera_area_set_is_given_on_create_replaced_by_patch_and_checked()
    {
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id);
        var yard = await Host.AreaAsync(cabin.Id, "Yard");
        var drive = await Host.AreaAsync(cabin.Id, "Drive");
        var created = (await Host.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "Porch", folder_path = "porch", area_ids = new[] { yard.Id, yard.Id } }, 201)).As<PlacedCamera>();
        Assert.Equal([new AreaBasicBody(yard.Id, "Yard")], created.Areas);

        var replaced = (await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { area_ids = new[] { drive.Id } })).As<PlacedCamera>();
        Assert.Equal([new AreaBasicBody(drive.Id, "Drive")], replaced.Areas);
        Assert.Empty((await Host.GetJsonAsync($"/api/v1/areas/{yard.Id}/cameras"))["items"]!.AsArray());

        var unknown = await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { area_ids = new[] { drive.Id, 999999 } }, 422);
        Assert.Equal("area_ids", unknown["detail"]![0]!["loc"]![1]!.GetValue<string>());
        Assert.Contains("999999", unknown["detail"]![0]!.Str("msg"));
        var many = await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { area_ids = Enumerable.Range(1, 10_000).ToArray() }, 422);
        Assert.Contains("at most 100", many["detail"]![0]!.Str("msg"));
        Assert.Empty((await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { area_ids = Array.Empty<int>() })).As<PlacedCamera>().Areas);
    }

    [Fact]
    public async Task A_camera_counts_its_days_in_its_property_zone_else_its_own_else_timezone()
    {
        await App.Store.RegisteredCameraAsync("porch", "Porch", "Europe/Paris");
        await App.Store.RegisteredCameraAsync("shed", "Shed", null);
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id, "Cabin", "Asia/Tokyo");
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { property_id = cabin.Id });

        async Task<IReadOnlyDictionary<string, TimeZoneInfo>> ZonesAsync()
        {
            await using var session = App.Store.QuerySession();
            return await CameraTimeZones.ForAsync(session, ["porch", "shed", "gone"], "America/New_York", CancellationToken.None);
        }
        var zones = await ZonesAsync();
        Assert.Equal(("Asia/Tokyo", "America/New_York", "America/New_York"), (zones["porch"].Id, zones["shed"].Id, zones["gone"].Id));

        await Host.SendAsync(HttpMethod.Patch, $"/api/v1/properties/{cabin.Id}", new { timezone = "Australia/Sydney" });
        Assert.Equal("Australia/Sydney", (await ZonesAsync())["porch"].Id);
        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/properties/{cabin.Id}", status: 204);
        Assert.Equal("Europe/Paris", (await ZonesAsync())["porch"].Id);
    }

    [Fact]
    public async Task Risk_is_assessed_in_the_time_zone_of_the_camera_property()
    {
        await App.Store.RegisteredCameraAsync("porch", "Porch", "Europe/Paris");
        var home = await Host.HouseholdAsync();
        var cabin = await Host.PropertyAsync(home.Id, "Cabin", "Asia/Tokyo");
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/porch", new { property_id = cabin.Id });
        await App.Store.ClosedEventAsync(1, "porch", new DateTimeOffset(2025, 3, 10, 2, 0, 0, TimeSpan.Zero), "person");
        await Host.InvokeMessageAndWaitAsync(new AssessRisk(1));

        var decision = (await Host.GetJsonAsync("/api/ai-audit/events/1"))["decisions"]![0]!;
        Assert.Equal("Asia/Tokyo", decision["inputs"]!.Str("timezone"));
    }
}
