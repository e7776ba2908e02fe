using System.Text.Json.Nodes;
using Hsi.Api.Features.AiAudit.Redetect;
using Hsi.Api.Tests.AiAudit;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Zones;

/// <summary>The real detector over person.jpg (640×424): a person and a dog on the left, a horse on the right.</summary>
public class ZonesAtAnalysisTests(AppFixture app) : ApiTest(app)
{
    private static readonly double[][] LeftHalf = [[0, 0], [0.5, 0], [0.5, 1], [0, 1]];

    private async Task<Guid> ZoneAsync(object body) =>
        (await Host.SendAsync(HttpMethod.Post, "/api/cameras/front_door/zones", body, 201))["id"]!.GetValue<Guid>();

    private static IReadOnlyList<Guid> ZonesOf(JsonArray detections, string type) =>
        [.. Assert.Single(detections, d => d!.Str("object_type") == type)!["zone_ids"]!.AsArray().Select(z => z!.GetValue<Guid>())];

    [Fact]
    public async Task A_zone_on_the_left_half_tags_the_dog_and_the_person_not_the_horse_and_reaches_the_event_its_filter_and_its_risk()
    {
        await Host.RegisteredCameraAsync("Front door", "front_door");
        var left = await ZoneAsync(new { name = "Front path", coordinates = LeftHalf, zone_type = "entry_point" });
        // A line has no inside: even one under every box contains none of them.
        var line = await ZoneAsync(new { name = "Kerb", kind = "line", coordinates = new[] { new[] { 0.0, 0.99 }, new[] { 1.0, 0.99 } } });

        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var detections = await Host.WaitForDetectionsAsync(3);

        Assert.Equal([left], ZonesOf(detections, "dog"));
        Assert.Equal([left], ZonesOf(detections, "person"));
        Assert.Empty(ZonesOf(detections, "horse"));
        Assert.DoesNotContain(detections, d => d!["zone_ids"]!.AsArray().Any(z => z!.GetValue<Guid>() == line));
        var inZone = await Host.DetectionsAsync($"&zone_id={left}");
        Assert.Equal(["dog", "person"], inZone.Select(d => d!.Str("object_type")).Order());

        var mediaId = Guid.Parse(await MediaIdAsync());
        await using (var session = App.Store.QuerySession())
        {
            var analyzed = (await session.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Select(e => e.Data).OfType<MediaAnalyzed>().Single();
            Assert.Equal(new FrameSize(640, 424), analyzed.Frame);
        }

        var events = await Eventually.GetAsync(() => Host.GetJsonAsync($"/api/events?zone_id={left}"),
            page => page["items"]!.AsArray() is [{ } e] && e["risk_score"] is not null, what: "the event in the zone, assessed");
        var ev = events["items"]![0]!;
        Assert.Equal([left], ev["zone_ids"]!.AsArray().Select(z => z!.GetValue<Guid>()));
        Assert.Contains(ev["risk_factors"]!.AsArray(), f => f!.Str("factor") == "entry_point_zone" && f!.Str("description").Contains("Front path"));
        Assert.Empty((await Host.GetJsonAsync($"/api/events?zone_id={line}"))["items"]!.AsArray());
    }

    private async Task<string> MediaIdAsync()
    {
        await using var session = App.Store.QuerySession();
        return (await session.Query<Hsi.Projections.Detections.DetectionView>().FirstAsync()).MediaId.ToString();
    }

    [Theory]
    [InlineData("/api/events?zone_id=front-path")]
    [InlineData("/api/events?zone_id=0193a5c4-0000-7000-8000-00000000dead")]
    [InlineData("/api/detections?zone_id=1e308")]
    [InlineData("/api/detections?zone_id=0193a5c4-0000-7000-8000-00000000dead")]
    public async Task A_zone_filter_that_names_no_zone_is_422_naming_zone_id(string url)
    {
        var error = await Host.GetJsonAsync(url, 422);
        Assert.Equal("zone_id", error["detail"]![0]!["loc"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task A_zone_drawn_later_places_only_later_media_until_a_redetect_replay_places_the_old_ones()
    {
        await Host.RegisteredCameraAsync("Front door", "front_door");
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var before = await Host.WaitForDetectionsAsync(3);
        Assert.All(before, d => Assert.Empty(d!["zone_ids"]!.AsArray()));

        var left = await ZoneAsync(new { name = "Front path", coordinates = LeftHalf });
        Assert.All(await Host.DetectionsAsync(), d => Assert.Empty(d!["zone_ids"]!.AsArray()));

        var job = new TestJobContext(RedetectJob.KindName, new RedetectParameters(MediaIds: [Guid.Parse(await MediaIdAsync())]));
        await Host.Services.GetRequiredService<RedetectJob>().RunAsync(job, CancellationToken.None);

        var after = await Host.DetectionsAsync();
        Assert.Equal([left], ZonesOf(after, "dog"));
        Assert.Empty(ZonesOf(after, "horse"));
    }
}
