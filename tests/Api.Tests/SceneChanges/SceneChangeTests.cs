using System.Net.WebSockets;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.SceneChanges;

public class SceneChangeTests(AppFixture app) : ApiTest(app)
{
    private static string Fixture(string name) => SceneChangeScenarios.Fixture(name);

    [Fact]
    public async Task A_black_frame_after_normal_pictures_is_view_blocked_and_listed_with_the_seeds_fields()
    {
        App.Drop(Fixture("person.jpg"));
        await App.WaitForSceneEventsAsync(1);
        App.Drop(App.BlackFrame());

        var change = (await Host.WaitForSceneChangesAsync(1)).Single()!;
        Assert.Equal("view_blocked", change.Str("change_type"));
        Assert.InRange(change["similarity_score"]!.GetValue<double>(), 0, 0.5);
        Assert.EndsWith("black.jpg", change.Str("file_path"));
        Assert.False(change["acknowledged"]!.GetValue<bool>());
        Assert.Null(change["acknowledged_at"]);
        Assert.NotNull(change["detected_at"]);

        var list = await Host.SceneChangesAsync();
        Assert.Equal(("front_door", 1, false), (list.Str("camera_id"), list["total_changes"]!.GetValue<int>(), list["has_more"]!.GetValue<bool>()));
        Assert.Null(list["next_cursor"]);
        Assert.Equal(1, list["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_view_again_records_nothing()
    {
        App.Drop(Fixture("person.jpg"));
        await App.WaitForSceneEventsAsync(1);
        App.Drop(App.ReEncoded("person.jpg", "person-again.jpg"));
        await Host.WaitForAnalysisAsync("person-again.jpg");
        // The scene checks run in order on one queue: once the black frame's change is listed, the repeat was checked before it.
        App.Drop(App.BlackFrame());

        var change = (await Host.WaitForSceneChangesAsync(1)).Single()!;
        Assert.Equal("view_blocked", change.Str("change_type"));
        await Task.Delay(500);
        Assert.Single((await Host.SceneChangesAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_view_is_a_change_that_is_not_view_blocked_and_changes_page_newest_first()
    {
        App.Drop(Fixture("person.jpg"));
        await App.WaitForSceneEventsAsync(1);
        App.Drop(Fixture("dog.jpg"));
        var turned = (await Host.WaitForSceneChangesAsync(1)).Single()!;
        Assert.Equal("angle_changed", turned.Str("change_type"));
        Assert.True(turned["similarity_score"]!.GetValue<double>() < 0.5);
        Assert.EndsWith("dog.jpg", turned.Str("file_path"));

        App.Drop(App.BlackFrame());
        var both = await Host.WaitForSceneChangesAsync(2);
        Assert.Equal(["view_blocked", "angle_changed"], both.Select(c => c!.Str("change_type")));

        var first = await Host.SceneChangesAsync(query: "?limit=1");
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal(1, first["total_changes"]!.GetValue<int>());
        Assert.Equal(2, first["pagination"]!["total"]!.GetValue<int>());
        var cursor = first.Str("next_cursor");
        Assert.Equal(cursor, first["pagination"]!.Str("next_cursor"));
        var second = await Host.SceneChangesAsync(query: $"?limit=1&cursor={cursor}");
        Assert.Equal(turned["id"]!.GetValue<long>(), second["items"]![0]!["id"]!.GetValue<long>());
        Assert.False(second["has_more"]!.GetValue<bool>());

        // The seed's cursor, a detected_at: the changes detected before it.
        var before = await Host.SceneChangesAsync(query: $"?cursor={Uri.EscapeDataString(both[0]!.Str("detected_at"))}");
        Assert.Equal([turned["id"]!.GetValue<long>()], before["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Acknowledging_is_idempotent_filters_the_list_and_adopts_a_new_angle_as_the_reference()
    {
        App.Drop(Fixture("person.jpg"));
        await App.WaitForSceneEventsAsync(1);
        App.Drop(Fixture("dog.jpg"));
        var id = (await Host.WaitForSceneChangesAsync(1)).Single()!["id"]!.GetValue<long>();

        var acknowledged = await Host.SendAsync(HttpMethod.Post, $"/api/cameras/front_door/scene-changes/{id}/acknowledge");
        Assert.True(acknowledged["acknowledged"]!.GetValue<bool>());
        var at = acknowledged.Str("acknowledged_at");
        var again = await Host.SendAsync(HttpMethod.Post, $"/api/cameras/front_door/scene-changes/{id}/acknowledge");
        Assert.Equal(at, again.Str("acknowledged_at"));
        Assert.Empty((await Host.SceneChangesAsync(query: "?acknowledged=false"))["items"]!.AsArray());
        Assert.Single((await Host.SceneChangesAsync(query: "?acknowledged=true"))["items"]!.AsArray());

        await Host.SendAsync(HttpMethod.Post, $"/api/cameras/front_door/scene-changes/{id + 1000}/acknowledge", status: 404);
        await Host.SendAsync(HttpMethod.Post, $"/api/cameras/nowhere/scene-changes/{id}/acknowledge", status: 404);
        await Host.GetJsonAsync("/api/cameras/nowhere/scene-changes", 404);
        await Host.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "Garage", folder_path = "garage" }, 201);
        await Host.SendAsync(HttpMethod.Post, $"/api/cameras/garage/scene-changes/{id}/acknowledge", status: 404);
        Assert.Empty((await Host.SceneChangesAsync("garage"))["items"]!.AsArray());

        // The dog's view is the reference now: the dog again is no change, the person's view is.
        App.Drop(App.ReEncoded("dog.jpg", "dog-again.jpg"));
        await Host.WaitForAnalysisAsync("dog-again.jpg");
        App.Drop(App.ReEncoded("person.jpg", "person-again.jpg"));
        var changes = await Host.WaitForSceneChangesAsync(2);
        Assert.Equal(2, changes.Count);
        Assert.EndsWith("person-again.jpg", changes[0]!.Str("file_path"));
        Assert.False(changes[0]!["acknowledged"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_scene_change_is_pushed_on_the_events_socket()
    {
        using var socket = await Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/events"), CancellationToken.None);
        App.Drop(Fixture("person.jpg"));
        await App.WaitForSceneEventsAsync(1);
        App.Drop(App.BlackFrame());

        var message = await ReceiveAsync(socket, "scene_change");
        var data = message["data"]!;
        var listed = (await Host.WaitForSceneChangesAsync(1)).Single()!;
        Assert.Equal(listed["id"]!.GetValue<long>(), data["id"]!.GetValue<long>());
        Assert.Equal(("front_door", "view_blocked"), (data.Str("camera_id"), data.Str("change_type")));
        Assert.Equal(listed.Str("detected_at"), data.Str("detected_at"));
        Assert.Equal(listed["similarity_score"]!.GetValue<double>(), data["similarity_score"]!.GetValue<double>());
        Assert.True(message["sequence"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task A_clips_first_frame_is_checked_too()
    {
        App.Drop(Fixture("person.jpg"));
        await App.WaitForSceneEventsAsync(1);
        App.Drop(PipelineScenario.MakeClip(App.BlackFrame("black-source.jpg"), Path.Combine(App.DataDir, "black.mp4"), seconds: 1));

        var change = (await Host.WaitForSceneChangesAsync(1)).Single()!;
        Assert.Equal("view_blocked", change.Str("change_type"));
        Assert.EndsWith("black.mp4", change.Str("file_path"));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=1e309", "limit")]
    [InlineData("?acknowledged=maybe", "acknowledged")]
    public async Task A_bad_query_value_is_422_naming_it(string query, string field)
    {
        await Host.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "Front door", folder_path = "front_door" }, 201);
        var error = await Host.GetJsonAsync($"/api/cameras/front_door/scene-changes{query}", 422);
        Assert.Equal(field, error["detail"]![0]!["loc"]![1]!.GetValue<string>());
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> ReceiveAsync(WebSocket socket, string type)
    {
        while (true)
        {
            var message = await DetectionPipelineTests.ReceiveJsonAsync(socket);
            if (message.Str("type") == type) return message;
        }
    }
}
