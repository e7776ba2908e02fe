using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Calibration;
using Hsi.Domain.Common;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Api.Tests.SecurityEvents;

public class EventQueryTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AnalyzerIdentity Rules = new("rules", "rule-based", "1");

    /// <summary>Closed, assessed events written straight to their streams (the inline projection makes the views).</summary>
    private async Task AddEventsAsync(IEnumerable<(long Id, string Camera, DateTimeOffset Start, int Score, string Type)> events)
    {
        await using var session = App.Store.LightweightSession();
        foreach (var (id, camera, start, score, type) in events)
        {
            var opened = new BatchOpened(id, $"batch_{id}", camera, false, start);
            var attached = new DetectionsAttached(id, Guid.Empty, [new BatchedDetection(id * 10, Guid.Empty, type, 0.8, 1, 2, 3, 4, start)], start);
            var closed = new BatchClosed(id, CloseReason.Idle, start.AddSeconds(30));
            var state = SecurityEvent.Fold([opened, attached, closed])!;
            var decision = SecurityEventDecisions.DecisionFrom(new RiskAnalysis(score, $"{type} seen", "r", [], null, "{}"), Rules,
                new CalibrationInForce(0, Thresholds.Defaults), state.InputsFor(camera, "UTC", 0), "batch_closed");
            session.Events.StartStream(StreamKeys.SecurityEvent(id), opened, attached, closed, new RiskAssessed(id, decision, start.AddSeconds(31)));
        }
        await session.SaveChangesAsync();
    }

    private async Task<JsonNode> GetAsync(string url) => await (await Host.Scenario(s => s.Get.Url(url))).JsonAsync();

    [Fact]
    public async Task A_cursor_walk_returns_every_preexisting_event_once_while_new_ones_arrive()
    {
        await AddEventsAsync(Enumerable.Range(1, 1000).Select(i => ((long)i, "porch", T0.AddMinutes(i % 97).AddSeconds(i % 7), 40, "dog")));
        var seen = new List<long>();
        string? cursor = null;
        var next = 2000L;
        do
        {
            var page = await GetAsync("/api/events?limit=100" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
            cursor = page["pagination"]!["next_cursor"]?.GetValue<string>();
            // Newer events (and one as old as the oldest) arrive between pages.
            await AddEventsAsync([(next++, "porch", T0.AddDays(1), 50, "cat"), (next++, "porch", T0, 50, "cat")]);
        } while (cursor is not null);

        var preexisting = seen.Where(id => id <= 1000).ToList();
        Assert.Equal(1000, preexisting.Count);
        Assert.Equal(1000, preexisting.Distinct().Count());
    }

    [Fact]
    public async Task Filters_fields_and_the_400s()
    {
        await AddEventsAsync([(1, "porch", T0, 20, "cat"), (2, "porch", T0.AddHours(1), 90, "person"), (3, "yard", T0.AddHours(2), 65, "car")]);

        Assert.Equal([2L], (await GetAsync("/api/events?risk_level=critical"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal([3L], (await GetAsync("/api/events?camera_id=yard"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal([2L], (await GetAsync("/api/events?object_type=person"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal([2L, 1L], (await GetAsync($"/api/events?end_date={Uri.EscapeDataString(T0.AddHours(1).ToString("O"))}"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        var slim = (await GetAsync("/api/events?fields=risk_level"))["items"]![0]!.AsObject();
        Assert.Equal(["id", "risk_level"], slim.Select(p => p.Key).Order());

        await Host.Scenario(s => { s.Get.Url("/api/events?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z"); s.StatusCodeShouldBe(400); });
        var bad = await Host.Scenario(s => { s.Get.Url("/api/events?cursor=nonsense"); s.StatusCodeShouldBe(400); });
        Assert.StartsWith("Invalid cursor", (await bad.JsonAsync()).Str("detail"));
        await Host.Scenario(s => { s.Get.Url("/api/events?risk_level=severe"); s.StatusCodeShouldBe(422); });
    }

    [Fact]
    public async Task Stats_list_every_level_and_cameras_by_count_with_their_current_names()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Yard", folder_path = "yard" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        await AddEventsAsync([(1, "porch", T0, 20, "cat"), (2, "yard", T0, 90, "person"), (3, "yard", T0, 65, "car")]);
        await Host.Scenario(s => { s.Patch.Json(new { name = "Back yard" }).ToUrl("/api/cameras/yard"); s.StatusCodeShouldBeOk(); });

        var stats = await GetAsync("/api/events/stats");
        Assert.Equal(3, stats["total_events"]!.GetValue<int>());
        var levels = stats["events_by_risk_level"]!.AsObject();
        Assert.Equal((1, 1, 0, 1), (levels["critical"]!.GetValue<int>(), levels["high"]!.GetValue<int>(), levels["medium"]!.GetValue<int>(), levels["low"]!.GetValue<int>()));
        Assert.Equal(4, stats["risk_distribution"]!.AsArray().Count);
        var first = stats["events_by_camera"]![0]!;
        Assert.Equal(("yard", "Back yard", 2), (first.Str("camera_id"), first.Str("camera_name"), first["event_count"]!.GetValue<int>()));
        Assert.Equal("Back yard", (await GetAsync("/api/events/2")).Str("camera_name"));
    }
}
