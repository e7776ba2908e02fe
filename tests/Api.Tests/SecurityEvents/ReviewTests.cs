using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Cameras;

namespace Hsi.Api.Tests.SecurityEvents;

public class ReviewTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A closed event of camera porch (registered over HTTP) at stream version 3.</summary>
    private async Task<ClosedEvent> ClosedEventAsync(long id)
    {
        await Host.RegisteredCameraAsync();
        return await App.Store.ClosedEventAsync(id, "porch", At, "person");
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
        Assert.Equal(4, ok.Body.As<EventBody>().Version);
        var conflict = Assert.Single(results, r => r.Status == HttpStatusCode.Conflict).Body.As<ConflictBody>();
        Assert.Equal(4, conflict.CurrentVersion);
        Assert.False(string.IsNullOrEmpty(conflict.Detail));
    }

    [Fact]
    public async Task A_patch_is_visible_in_the_next_get_and_only_the_keys_sent_apply()
    {
        var seeded = await ClosedEventAsync(42);
        using var client = Host.Server.CreateClient();
        var (status, body) = await PatchAsync(client, 42, """{"reviewed":true,"notes":"the neighbour's dog","snooze_until":"2026-12-01T10:00:00+01:00"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, body.As<EventBody>().Version);

        var read = (await Host.GetJsonAsync("/api/events/42")).As<EventBody>();
        Assert.True(read.Reviewed);
        Assert.False(read.Flagged);
        Assert.Equal("the neighbour's dog", read.Notes);
        Assert.Equal("2026-12-01T09:00:00Z", read.SnoozeUntil);
        Assert.Equal("Porch", read.CameraName);
        Assert.Equal($"/api/detections/{seeded.DetectionIds[0]}/image", read.ThumbnailUrl);

        (status, body) = await PatchAsync(client, 42, """{"notes":null}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body.As<EventBody>().Notes);
        Assert.True(body.As<EventBody>().Reviewed);
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
        Assert.Equal(3, (await Host.GetJsonAsync("/api/events/43")).As<EventBody>().Version);
    }

    [Fact]
    public async Task An_unknown_event_is_404()
    {
        using var client = Host.Server.CreateClient();
        var (status, body) = await PatchAsync(client, 999, """{"reviewed":true}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Event with id 999 not found", body.As<ErrorBody>().Detail);
        await Host.Scenario(s => { s.Get.Url("/api/events/999"); s.StatusCodeShouldBe(404); });
    }
}
