using Hsi.Api.Tests.Cameras;
using System.Net;
using System.Text;
using Alba;

namespace Hsi.Api.Tests.SecurityEvents;

public class HistoryTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private async Task ClosedEventAsync(long id)
    {
        await App.Store.RegisteredCameraAsync("porch", "Porch", null);
        await App.Store.ClosedEventAsync(id, "porch", At, "person");
    }

    private async Task ReviewAsync(long id, long version)
    {
        using var client = Host.Server.CreateClient();
        using var response = await client.PatchAsync($"/api/events/{id}",
            new StringContent($$"""{"reviewed":true,"version":{{version}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("O"));

    [Fact]
    public async Task As_of_before_a_review_reads_unreviewed_and_after_it_reviewed()
    {
        await ClosedEventAsync(51);
        await Task.Delay(200);
        var beforeReview = DateTimeOffset.UtcNow;
        await Task.Delay(200);
        await ReviewAsync(51, 3);
        await Task.Delay(200);
        var afterReview = DateTimeOffset.UtcNow;

        var then = await (await Host.Scenario(s => s.Get.Url($"/api/events/51?as_of={Iso(beforeReview)}"))).JsonAsync();
        Assert.False(then["reviewed"]!.GetValue<bool>());
        Assert.Equal(3, then["version"]!.GetValue<long>());
        Assert.Equal(1, then["detection_count"]!.GetValue<int>());

        var later = await (await Host.Scenario(s => s.Get.Url($"/api/events/51?as_of={Iso(afterReview)}"))).JsonAsync();
        Assert.True(later["reviewed"]!.GetValue<bool>());
        Assert.Equal(4, later["version"]!.GetValue<long>());

        var now = await (await Host.Scenario(s => s.Get.Url("/api/events/51"))).JsonAsync();
        Assert.Equal(later.ToJsonString(), now.ToJsonString());
    }

    [Fact]
    public async Task As_of_before_the_event_existed_is_404()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        await ClosedEventAsync(52);
        var body = await (await Host.Scenario(s => { s.Get.Url($"/api/events/52?as_of={Iso(before)}"); s.StatusCodeShouldBe(404); })).JsonAsync();
        Assert.Contains("did not exist", body.Str("detail"));
        await Host.Scenario(s => { s.Get.Url("/api/events/52?as_of=yesterday"); s.StatusCodeShouldBe(422); });
    }

    [Fact]
    public async Task Event_history_lists_every_stored_event_in_order_with_its_data()
    {
        await ClosedEventAsync(53);
        await ReviewAsync(53, 3);
        var history = await (await Host.Scenario(s => s.Get.Url("/api/events/53/history"))).JsonAsync();
        var items = history["items"]!.AsArray();
        Assert.Equal(["batch_opened", "detections_attached", "batch_closed", "event_reviewed"], items.Select(i => i!.Str("type")));
        Assert.Equal([1L, 2L, 3L, 4L], items.Select(i => i!["version"]!.GetValue<long>()));
        Assert.Equal("porch", items[0]!["data"]!.Str("camera_id"));
        Assert.True(items[3]!["data"]!["reviewed"]!.GetValue<bool>());
        await Host.Scenario(s => { s.Get.Url("/api/events/999999/history"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task Camera_history_lists_its_stream_also_after_deletion()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Yard", folder_path = "yard" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        await Host.Scenario(s => { s.Patch.Json(new { name = "Back yard" }).ToUrl("/api/cameras/yard"); s.StatusCodeShouldBe(200); });
        await Host.Scenario(s => { s.Delete.Url("/api/cameras/yard"); s.StatusCodeShouldBe(204); });

        var history = await (await Host.Scenario(s => s.Get.Url("/api/cameras/yard/history"))).JsonAsync();
        var types = history["items"]!.AsArray().Select(i => i!.Str("type")).ToList();
        Assert.Equal("camera_registered", types[0]);
        Assert.Contains("camera_renamed", types);
        Assert.Equal("camera_deleted", types[^1]);
        await Host.Scenario(s => { s.Get.Url("/api/cameras/nowhere/history"); s.StatusCodeShouldBe(404); });
    }
}
