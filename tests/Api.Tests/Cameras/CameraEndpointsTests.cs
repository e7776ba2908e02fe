using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Common;
using Marten;

namespace Hsi.Api.Tests.Cameras;

public class CameraEndpointsTests(AppFixture app) : ApiTest(app)
{
    private Task<JsonNode> CreateAsync(object body, int status = 201) => Host.SendAsync(HttpMethod.Post, "/api/cameras", body, status);

    [Fact]
    public async Task Create_derives_the_id_from_the_folder_and_returns_201_with_the_camera()
    {
        var camera = await CreateAsync(new { name = "Front Door", folder_path = "Front Door" });

        Assert.Equal("front_door", camera.Str("id"));
        Assert.Equal("Front Door", camera.Str("name"));
        Assert.Equal("online", camera.Str("status"));
        Assert.Equal(Path.Combine(App.CameraRoot, "Front Door"), camera.Str("folder_path"));
        Assert.EndsWith("Z", camera.Str("created_at"));
        Assert.True(Directory.Exists(Path.Combine(App.CameraRoot, "Front Door")));

        var fetched = await Host.SendAsync(HttpMethod.Get, "/api/cameras/front_door", null, 200);
        Assert.Equal("Front Door", fetched.Str("name"));
    }

    [Fact]
    public async Task Create_accepts_an_absolute_folder_under_the_root()
    {
        var camera = await CreateAsync(new { name = "Garage", folder_path = Path.Combine(App.CameraRoot, "garage-cam"), status = "offline" });
        Assert.Equal("garage_cam", camera.Str("id"));
        Assert.Equal("offline", camera.Str("status"));
    }

    [Theory]
    [InlineData("Front Door", "front-door", "id")]
    [InlineData("front door", "elsewhere", "named")]
    [InlineData("Another", "Front Door", "Folder")]
    public async Task Duplicates_of_name_folder_or_id_are_409(string name, string folder, string expectedWord)
    {
        await CreateAsync(new { name = "Front Door", folder_path = "Front Door" });

        var error = await CreateAsync(new { name, folder_path = folder }, 409);

        Assert.Contains(expectedWord, error.Str("detail"));
    }

    [Fact]
    public async Task A_deleted_camera_keeps_its_claims_and_the_409_hints_at_restore()
    {
        await CreateAsync(new { name = "Front Door", folder_path = "Front Door" });
        await Host.SendAsync(HttpMethod.Delete, "/api/cameras/front_door", null, 204);

        var error = await CreateAsync(new { name = "Front Door", folder_path = "Front Door" }, 409);

        Assert.Contains("/api/cameras/front_door/restore", error.Str("detail"));
    }

    [Theory]
    [InlineData("""{"folder_path":"x"}""", "name")]
    [InlineData("""{"name":"x"}""", "folder_path")]
    [InlineData("""{"name":"x","folder_path":"../outside"}""", "folder_path")]
    [InlineData("""{"name":"x","folder_path":"/etc"}""", "folder_path")]
    [InlineData("""{"name":"x","folder_path":"a\u0007b"}""", "folder_path")]
    [InlineData("""{"name":"x","folder_path":"a|b"}""", "folder_path")]
    [InlineData("""{"name":"x","folder_path":"deleted"}""", "folder_path")]
    [InlineData("""{"name":"","folder_path":"a"}""", "name")]
    [InlineData("""{"name":"a\u0001b","folder_path":"a"}""", "name")]
    [InlineData("""{"name":"x","folder_path":"a","status":"sleeping"}""", "status")]
    [InlineData("""{"name":"x","folder_path":"a","timezone":"Mars/Base"}""", "timezone")]
    [InlineData("""{"name":42,"folder_path":"a"}""", "name")]
    public async Task Invalid_bodies_are_422_in_the_validation_shape(string body, string field)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl("/api/cameras");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(422);
        });
        var issue = (await result.JsonAsync())["detail"]![0]!;
        Assert.Equal(["body", field], issue["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(issue.Str("msg")));
        Assert.False(string.IsNullOrEmpty(issue.Str("type")));
    }

    [Fact]
    public async Task Names_and_folders_over_their_limits_are_422()
    {
        await CreateAsync(new { name = new string('n', 256), folder_path = "a" }, 422);
        await CreateAsync(new { name = "x", folder_path = new string('f', 501) }, 422);
        await CreateAsync(new { name = new string('n', 255), folder_path = "ok" });
    }

    [Fact]
    public async Task Malformed_json_is_422_and_never_a_stack_trace()
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Text("{not json").ToUrl("/api/cameras");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(422);
        });
        var text = await result.ReadAsTextAsync();
        Assert.DoesNotContain("   at ", text);
        Assert.Equal("json_invalid", JsonNode.Parse(text)!["detail"]![0]!.Str("type"));
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_never_the_id()
    {
        await CreateAsync(new { name = "Front Door", folder_path = "Front Door", timezone = "Europe/Paris" });

        var patched = await Host.SendAsync(HttpMethod.Patch, "/api/cameras/front_door", new { name = "Porch", folder_path = "porch-cam" }, 200);

        Assert.Equal("front_door", patched.Str("id"));
        Assert.Equal("Porch", patched.Str("name"));
        Assert.Equal(Path.Combine(App.CameraRoot, "porch-cam"), patched.Str("folder_path"));
        Assert.Equal("online", patched.Str("status"));
        Assert.Equal("Europe/Paris", patched.Str("timezone"));

        var status = await Host.SendAsync(HttpMethod.Patch, "/api/cameras/front_door", new { status = "error" }, 200);
        Assert.Equal("Porch", status.Str("name"));
        Assert.Equal("error", status.Str("status"));
    }

    [Fact]
    public async Task Patch_errors_404_409_422()
    {
        await CreateAsync(new { name = "Front Door", folder_path = "Front Door" });
        await CreateAsync(new { name = "Garage", folder_path = "garage" });

        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/nope", new { name = "x" }, 404);
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/garage", new { name = "FRONT DOOR" }, 409);
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/garage", new { folder_path = "Front Door" }, 409);
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/garage", new { folder_path = "../../x" }, 422);
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/garage", new { name = "" }, 422);
    }

    [Fact]
    public async Task Delete_hides_the_camera_lists_it_as_deleted_and_restore_brings_it_back()
    {
        await CreateAsync(new { name = "Front Door", folder_path = "Front Door" });

        await Host.SendAsync(HttpMethod.Delete, "/api/cameras/front_door", null, 204);
        await Host.SendAsync(HttpMethod.Get, "/api/cameras/front_door", null, 404);
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/front_door", new { name = "x" }, 404);
        await Host.SendAsync(HttpMethod.Delete, "/api/cameras/front_door", null, 404);
        Assert.Empty((await Host.SendAsync(HttpMethod.Get, "/api/cameras", null, 200))["items"]!.AsArray());

        var deleted = await Host.SendAsync(HttpMethod.Get, "/api/cameras/deleted", null, 200);
        var item = Assert.Single(deleted["items"]!.AsArray())!;
        Assert.Equal("front_door", item.Str("id"));
        Assert.NotNull(item["deleted_at"]);

        var restored = await Host.SendAsync(HttpMethod.Post, "/api/cameras/front_door/restore", null, 200);
        Assert.Null(restored["deleted_at"]);
        await Host.SendAsync(HttpMethod.Get, "/api/cameras/front_door", null, 200);

        var notDeleted = await Host.SendAsync(HttpMethod.Post, "/api/cameras/front_door/restore", null, 400);
        Assert.Contains("not deleted", notDeleted.Str("detail"));
        await Host.SendAsync(HttpMethod.Post, "/api/cameras/nope/restore", null, 404);
    }

    [Fact]
    public async Task List_filters_by_status_selects_fields_and_reports_the_whole_count()
    {
        await CreateAsync(new { name = "Front Door", folder_path = "Front Door" });
        await CreateAsync(new { name = "Garage", folder_path = "garage", status = "offline" });

        var all = await Host.SendAsync(HttpMethod.Get, "/api/cameras", null, 200);
        Assert.Equal(2, all["items"]!.AsArray().Count);
        Assert.Equal(2, all["pagination"]!["total"]!.GetValue<int>());
        Assert.False(all["pagination"]!["has_more"]!.GetValue<bool>());
        Assert.Null(all["deprecation_warning"]);

        var offline = await Host.SendAsync(HttpMethod.Get, "/api/cameras?status=offline&fields=name", null, 200);
        var only = Assert.Single(offline["items"]!.AsArray())!.AsObject();
        Assert.Equal(["id", "name"], only.Select(p => p.Key).Order());
        Assert.Equal("garage", only.Str("id"));

        await Host.SendAsync(HttpMethod.Get, "/api/cameras?status=sleeping", null, 422);
        var badField = await Host.SendAsync(HttpMethod.Get, "/api/cameras?fields=name,colour", null, 400);
        Assert.Contains("colour", badField.Str("detail"));
    }

    [Fact]
    public async Task Camera_history_is_rows_in_the_event_store()
    {
        await CreateAsync(new { name = "Front Door", folder_path = "Front Door" });
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/front_door", new { name = "Porch" }, 200);
        await Host.SendAsync(HttpMethod.Delete, "/api/cameras/front_door", null, 204);
        await Host.SendAsync(HttpMethod.Post, "/api/cameras/front_door/restore", null, 200);

        await using var session = App.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKeys.Camera("front_door"));
        Assert.Equal(
            ["CameraRegistered", "CameraRenamed", "CameraDeleted", "CameraRestored"],
            events.Select(e => e.Data.GetType().Name));
    }

    [Fact]
    public async Task Concurrent_creates_of_the_same_camera_yield_one_201_and_the_rest_409()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Host.Scenario(s =>
        {
            s.Post.Json(new { name = $"Cam {i}", folder_path = "shared-folder" }).ToUrl("/api/cameras");
            s.IgnoreStatusCode();
        })));

        var codes = attempts.Select(a => a.Context.Response.StatusCode).ToList();
        Assert.Equal(1, codes.Count(c => c == 201));
        Assert.All(codes.Where(c => c != 201), c => Assert.Equal(409, c));
    }
}
