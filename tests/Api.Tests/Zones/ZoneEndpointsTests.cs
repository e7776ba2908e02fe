using Hsi.Api.Tests.Cameras;

namespace Hsi.Api.Tests.Zones;

public class ZoneEndpointsTests(AppFixture app) : ApiTest(app)
{
    private static readonly double[][] Door = [[0.1, 0.1], [0.4, 0.1], [0.4, 0.6], [0.1, 0.6]];

    private Task<ZoneBody> CreateAsync(object body, string camera = "porch") =>
        Host.SendAsync(HttpMethod.Post, $"/api/cameras/{camera}/zones", body, 201).ContinueWith(t => t.Result.As<ZoneBody>());

    [Fact]
    public async Task A_zone_drawn_is_read_back_with_its_defaults_and_listed_by_priority()
    {
        await Host.RegisteredCameraAsync();
        var door = await CreateAsync(new { name = "Front door", coordinates = Door, zone_type = "entry_point" });
        var walk = await CreateAsync(new { name = "Walkway", coordinates = new[] { new[] { 0.5, 0.5 }, new[] { 0.9, 0.6 }, new[] { 0.6, 0.9 } }, shape = "polygon", priority = 80 });

        Assert.Equal(("Front door", "entry_point", "area", "rectangle", "#3B82F6", true, 0), (door.Name, door.ZoneType, door.Kind, door.Shape, door.Color, door.Enabled, door.Priority));
        Assert.Equal(Door, door.Coordinates);
        var read = (await Host.GetJsonAsync($"/api/cameras/porch/zones/{door.Id}")).As<ZoneBody>();
        Assert.Equal(door with { Coordinates = read.Coordinates }, read);

        var list = await Host.GetJsonAsync("/api/cameras/porch/zones");
        Assert.Equal([walk.Id, door.Id], list["items"]!.AsArray().Select(z => z!["id"]!.GetValue<Guid>()));
        Assert.Equal(2, list["pagination"]!["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"name":"Bow tie","shape":"polygon","coordinates":[[0.1,0.1],[0.9,0.9],[0.9,0.1],[0.1,0.9]]}""", "coordinates")]
    [InlineData("""{"name":"Huge","shape":"polygon","coordinates":[[0.1,1e308],[0.5,0.5],[0.9,0.1]]}""", "coordinates")]
    [InlineData("""{"name":"Seven","coordinates":[[0.1,0.1],[0.5,0.1],[0.9,0.1],[0.9,0.5],[0.9,0.9],[0.5,0.9],[0.1,0.9]]}""", "coordinates")]
    [InlineData("""{"name":"Typed","coordinates":[[0.1,"0.1"],[0.5,0.1],[0.9,0.1]]}""", "coordinates[0][1]")]
    [InlineData("""{"name":"Red","color":"red","coordinates":[[0.1,0.1],[0.4,0.1],[0.4,0.6],[0.1,0.6]]}""", "color")]
    [InlineData("""{"coordinates":[[0.1,0.1],[0.4,0.1],[0.4,0.6],[0.1,0.6]]}""", "name")]
    [InlineData("""{"name":"Mars","zone_type":"crater","coordinates":[[0.1,0.1],[0.4,0.1],[0.4,0.6],[0.1,0.6]]}""", "zone_type")]
    public async Task A_bad_zone_is_422_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        await Host.RegisteredCameraAsync();
        var error = await Host.SendTextAsync(HttpMethod.Post, "/api/cameras/porch/zones", body, 422);
        Assert.Equal(field, error["detail"]![0]!["loc"]![1]!.GetValue<string>());
        Assert.Empty((await Host.GetJsonAsync("/api/cameras/porch/zones"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Ten_thousand_points_are_refused_at_once()
    {
        await Host.RegisteredCameraAsync();
        var points = string.Join(",", Enumerable.Range(0, 10_000).Select(i =>
            FormattableString.Invariant($"[{0.5 + 0.4 * Math.Cos(i * 2 * Math.PI / 10_000):0.######},{0.5 + 0.4 * Math.Sin(i * 2 * Math.PI / 10_000):0.######}]")));
        var error = await Host.SendTextAsync(HttpMethod.Post, "/api/cameras/porch/zones", $$"""{"name":"Circle","shape":"polygon","coordinates":[{{points}}]}""", 422);
        Assert.Contains("at most 100 points", error["detail"]![0]!.Str("msg"));
    }

    [Fact]
    public async Task Put_and_patch_change_only_the_fields_sent_and_a_zone_deleted_is_gone_with_its_history_kept()
    {
        await Host.RegisteredCameraAsync();
        var door = await CreateAsync(new { name = "Front door", coordinates = Door });

        var patched = (await Host.SendAsync(HttpMethod.Patch, $"/api/cameras/porch/zones/{door.Id}", new { priority = 90 })).As<ZoneBody>();
        Assert.Equal(("Front door", 90), (patched.Name, patched.Priority));
        var put = (await Host.SendAsync(HttpMethod.Put, $"/api/cameras/porch/zones/{door.Id}", new { enabled = false })).As<ZoneBody>();
        Assert.Equal((90, false), (put.Priority, put.Enabled));
        await Host.SendTextAsync(HttpMethod.Patch, $"/api/cameras/porch/zones/{door.Id}",
            """{"shape":"rectangle","coordinates":[[0.1,0.1],[0.9,0.9],[0.9,0.1]]}""", 422);

        await Host.SendAsync(HttpMethod.Delete, $"/api/cameras/porch/zones/{door.Id}", status: 204);
        await Host.GetJsonAsync($"/api/cameras/porch/zones/{door.Id}", 404);
        await Host.SendAsync(HttpMethod.Delete, $"/api/cameras/porch/zones/{door.Id}", status: 404);
        await using var session = App.Store.QuerySession();
        Assert.Equal(4, (await session.Events.FetchStreamAsync($"zone:{door.Id}")).Count);
    }

    [Fact]
    public async Task A_deleted_camera_hides_its_zones_and_another_camera_cannot_reach_them()
    {
        await Host.RegisteredCameraAsync();
        await Host.RegisteredCameraAsync("Garage", "garage");
        var door = await CreateAsync(new { name = "Front door", coordinates = Door });

        await Host.GetJsonAsync($"/api/cameras/garage/zones/{door.Id}", 404);
        await Host.SendAsync(HttpMethod.Patch, $"/api/cameras/garage/zones/{door.Id}", new { priority = 1 }, 404);
        await Host.SendAsync(HttpMethod.Delete, "/api/cameras/porch", status: 204);
        await Host.GetJsonAsync("/api/cameras/porch/zones", 404);
        await Host.GetJsonAsync($"/api/cameras/porch/zones/{door.Id}", 404);
        await Host.SendAsync(HttpMethod.Post, "/api/cameras/porch/zones", new { name = "Late", coordinates = Door }, 404);
    }
}

/// <summary>A zone as the API shows it.</summary>
public sealed record ZoneBody(
    Guid Id, string CameraId, string Name, string ZoneType, string Kind, double[][] Coordinates, string Shape, string Color,
    bool Enabled, int Priority, int? LoiterSeconds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
