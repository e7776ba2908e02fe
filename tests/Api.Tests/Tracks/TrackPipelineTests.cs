using System.Text.Json.Nodes;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Tracks;
using Marten;

namespace Hsi.Api.Tests.Tracks;

/// <summary>The real detector over <see cref="TrackScenarios.WalkingClip"/>: the person, the dog and the horse each in 5 frames.</summary>
public class TrackPipelineTests(AppFixture app) : ApiTest(app)
{
    private async Task<Guid> ZoneAsync(object body) =>
        (await Host.SendAsync(HttpMethod.Post, "/api/cameras/front_door/zones", body, 201))["id"]!.GetValue<Guid>();

    [Fact]
    public async Task Each_object_of_a_clip_keeps_one_track_a_line_crossed_once_counts_once_and_loitering_is_recorded_once_per_track()
    {
        await Host.RegisteredCameraAsync("Front door", "front_door");
        var yard = await ZoneAsync(new { name = "Left yard", coordinates = new[] { new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 }, new[] { 0.5, 1.0 }, new[] { 0.0, 1.0 } }, loiter_seconds = 2 });
        // Low down, where only the person's feet (y ≈ 0.88) pass; the person's go from x 0.31 to 0.45 (0.34 then 0.38 at 1 s and 2 s), crossing it once.
        var gate = await ZoneAsync(new { name = "Gate", kind = "line", coordinates = new[] { new[] { 0.36, 0.85 }, new[] { 0.36, 1.0 } } });

        var clip = TrackScenarios.WalkingClip();
        try
        {
            App.Drop(clip, "walk.mp4");
            var detections = await Eventually.GetAsync(() => Host.DetectionsAsync(),
                items => items.Count >= 15 && items.All(d => d!["track_id"] is not null), what: "15 tracked detections");

            var byType = detections.GroupBy(d => d!.Str("object_type")).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(["dog", "horse", "person"], byType.Keys.Order());
            var tracks = byType.ToDictionary(t => t.Key, t => t.Value.Select(d => d!["track_id"]!.GetValue<long>()).Distinct().ToList());
            Assert.All(tracks.Values, ids => Assert.Single(ids));
            Assert.Equal(3, tracks.Values.Select(ids => ids[0]).Distinct().Count());
            Assert.All(detections, d =>
            {
                Assert.InRange(d!["track_confidence"]!.GetValue<double>(), 0.2, 1);
                Assert.NotNull(d["association_created_at"]);
            });

            var crossings = await Host.GetJsonAsync($"/api/cameras/front_door/zones/{gate}/crossings");
            Assert.Equal((1, 0), (crossings["in_count"]!.GetValue<int>(), crossings["out_count"]!.GetValue<int>()));
            Assert.Equal(1, Assert.Single(crossings["per_hour"]!.AsArray())!["in"]!.GetValue<int>());

            await using (var session = App.Store.QuerySession())
            {
                var loitering = await session.Events.QueryRawEventDataOnly<LoiteringObserved>().ToListAsync();
                Assert.Equal(new[] { tracks["dog"][0], tracks["person"][0] }.Order(), loitering.Select(l => l.TrackId).Order());
                Assert.All(loitering, l => Assert.Equal(yard, l.ZoneId));
            }

            var dwell = await Host.GetJsonAsync($"/api/cameras/front_door/zones/{yard}/dwell");
            var history = dwell["history"]!.AsArray();
            Assert.Equal(2, history.Count);
            Assert.All(history, h => Assert.True(h!["triggered_alert"]!.GetValue<bool>()));
            Assert.Equal(new[] { tracks["dog"][0], tracks["person"][0] }.Order(), history.Select(h => h!["track_id"]!.GetValue<long>()).Order());
            Assert.Equal(2, dwell["total"]!.GetValue<int>());

            // A sure person is a fast-path event of its own; some event of the clip saw the loitering.
            var events = await Eventually.GetAsync(() => Host.GetJsonAsync("/api/events?limit=100"),
                page => page["items"]!.AsArray().Any(e => e!["risk_factors"] is JsonArray factors && factors.Any(f => f!.Str("factor") == "loitering")),
                what: "an event of the clip assessed with the loitering");
            Assert.Contains(events["items"]!.AsArray(), e => e!.Str("risk_level") is "high" or "critical");
        }
        finally
        {
            File.Delete(clip);
        }
    }

    [Fact]
    public async Task Crossings_of_an_area_zone_are_400_and_an_unknown_zone_404()
    {
        await Host.RegisteredCameraAsync("Front door", "front_door");
        var yard = await ZoneAsync(new { name = "Yard", coordinates = new[] { new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 }, new[] { 0.5, 1.0 }, new[] { 0.0, 1.0 } } });
        await Host.GetJsonAsync($"/api/cameras/front_door/zones/{yard}/crossings", 400);
        await Host.GetJsonAsync($"/api/cameras/front_door/zones/{Guid.NewGuid()}/dwell", 404);
        var empty = await Host.GetJsonAsync($"/api/cameras/front_door/zones/{yard}/dwell");
        Assert.Empty(empty["dwellers"]!.AsArray());
        Assert.Empty(empty["history"]!.AsArray());
    }
}
