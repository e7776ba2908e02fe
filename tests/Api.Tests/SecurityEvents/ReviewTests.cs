using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Api.Tests.SecurityEvents;

public class ReviewTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A closed event of camera porch at stream version 3.</summary>
    private async Task ClosedEventAsync(long id)
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        await using var session = App.Store.LightweightSession();
        session.Events.StartStream(StreamKeys.SecurityEvent(id),
            new BatchOpened(id, $"batch_{id}", "porch", false, At),
            new DetectionsAttached(id, Guid.CreateVersion7(), [new BatchedDetection(1, Guid.Empty, "person", 0.8, 1, 2, 3, 4, At)], At),
            new BatchClosed(id, CloseReason.Idle, At.AddSeconds(30)));
        await session.SaveChangesAsync();
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PatchAsync(HttpClient client, long id, string body)
    {
        using var response = await client.PatchAsync($"/api/events/{id}", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Two_patches_with_the_same_version_one_200_and_one_409_with_current_version()
    {
        await ClosedEventAsync(41);
        using var client = Host.Server.CreateClient();
        var results = await Task.WhenAll(
            PatchAsync(client, 41, """{"reviewed":true,"version":3}"""),
            PatchAsync(client, 41, """{"flagged":true,"version":3}"""));

        var ok = Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(4, ok.Body["version"]!.GetValue<long>());
        var conflict = Assert.Single(results, r => r.Status == HttpStatusCode.Conflict);
        Assert.Equal(4, conflict.Body["current_version"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(conflict.Body.Str("detail")));
    }

    [Fact]
    public async Task A_patch_is_visible_in_the_next_get_and_only_the_keys_sent_apply()
    {
        await ClosedEventAsync(42);
        using var client = Host.Server.CreateClient();
        var (status, body) = await PatchAsync(client, 42, """{"reviewed":true,"notes":"the neighbour's dog","snooze_until":"2026-12-01T10:00:00+01:00"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, body["version"]!.GetValue<long>());

        var read = await (await Host.Scenario(s => s.Get.Url("/api/events/42"))).JsonAsync();
        Assert.True(read["reviewed"]!.GetValue<bool>());
        Assert.False(read["flagged"]!.GetValue<bool>());
        Assert.Equal("the neighbour's dog", read.Str("notes"));
        Assert.Equal("2026-12-01T09:00:00Z", read.Str("snooze_until"));
        Assert.Equal("Porch", read.Str("camera_name"));
        Assert.Equal("/api/detections/1/image", read.Str("thumbnail_url"));

        (status, body) = await PatchAsync(client, 42, """{"notes":null}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body["notes"]);
        Assert.True(body["reviewed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"reviewed":"yes"}""")]
    [InlineData("""{"version":"3"}""")]
    [InlineData("""{"snooze_until":"soon"}""")]
    public async Task A_wrong_type_is_422_and_changes_nothing(string body)
    {
        await ClosedEventAsync(43);
        using var client = Host.Server.CreateClient();
        var (status, _) = await PatchAsync(client, 43, body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(3, (await (await Host.Scenario(s => s.Get.Url("/api/events/43"))).JsonAsync())["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_unknown_event_is_404()
    {
        using var client = Host.Server.CreateClient();
        var (status, body) = await PatchAsync(client, 999, """{"reviewed":true}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Event with id 999 not found", body.Str("detail"));
        await Host.Scenario(s => { s.Get.Url("/api/events/999"); s.StatusCodeShouldBe(404); });
    }
}
