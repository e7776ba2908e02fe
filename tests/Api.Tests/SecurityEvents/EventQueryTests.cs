using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests.SecurityEvents;

public class EventQueryTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private Task AddEventsAsync(IEnumerable<(long Id, string Camera, DateTimeOffset Start, int Score, string Type)> events) =>
        App.Store.AssessedEventsAsync(events.Select(e => new AssessedEvent(e.Id, e.Camera, e.Start, e.Score, e.Type)));

    private Task AddEventsAsync(IEnumerable<(long Id, string Camera, DateTimeOffset Start, int Score, string Type, string Summary)> events) =>
        App.Store.AssessedEventsAsync(events.Select(e => new AssessedEvent(e.Id, e.Camera, e.Start, e.Score, e.Type, e.Summary)));

    [Fact]
    public async Task A_cursor_walk_returns_every_preexisting_event_once_while_new_ones_arrive()
    {
        await AddEventsAsync(Enumerable.Range(1, 1000).Select(i => ((long)i, "porch", T0.AddMinutes(i % 97).AddSeconds(i % 7), 40, "dog")));
        var seen = new List<long>();
        string? cursor = null;
        var next = 2000L;
        do
        {
            var page = await Host.GetJsonAsync("/api/events?limit=100" + (cursor is null ? "" : "&cursor=" + cursor));
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

        Assert.Equal([2L], (await Host.GetJsonAsync("/api/events?risk_level=critical"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal([3L], (await Host.GetJsonAsync("/api/events?camera_id=yard"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal([2L], (await Host.GetJsonAsync("/api/events?object_type=person"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal([2L, 1L], (await Host.GetJsonAsync($"/api/events?end_date={Uri.EscapeDataString(T0.AddHours(1).ToString("O"))}"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        var slim = (await Host.GetJsonAsync("/api/events?fields=risk_level"))["items"]![0]!.AsObject();
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

        var stats = await Host.GetJsonAsync("/api/events/stats");
        Assert.Equal(3, stats["total_events"]!.GetValue<int>());
        var levels = stats["events_by_risk_level"]!.AsObject();
        Assert.Equal((1, 1, 0, 1), (levels["critical"]!.GetValue<int>(), levels["high"]!.GetValue<int>(), levels["medium"]!.GetValue<int>(), levels["low"]!.GetValue<int>()));
        Assert.Equal(4, stats["risk_distribution"]!.AsArray().Count);
        var first = stats["events_by_camera"]![0]!;
        Assert.Equal(("yard", "Back yard", 2), (first.Str("camera_id"), first.Str("camera_name"), first["event_count"]!.GetValue<int>()));
        Assert.Equal("Back yard", (await Host.GetJsonAsync("/api/events/2")).Str("camera_name"));
    }

    private async Task<long[]> SearchAsync(string q)
    {
        var result = await Host.Scenario(s => { s.Get.Url("/api/events/search?q=" + Uri.EscapeDataString(q)); s.StatusCodeShouldBeOk(); });
        return (await result.JsonAsync())["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).Order().ToArray();
    }

    [Fact]
    public async Task Search_follows_web_search_syntax_and_no_input_is_an_error()
    {
        await AddEventsAsync([
            (1, "porch", T0, 40, "person", "A person with a dog at the front door"),
            (2, "porch", T0, 40, "person", "A person alone on the drive"),
            (3, "porch", T0, 40, "dog", "A dog in the garden"),
            (4, "porch", T0, 40, "cat", "A cat near the door at the front"),
        ]);
        Assert.Equal(new long[] { 1 }, await SearchAsync("person dog"));
        Assert.Equal(new long[] { 2 }, await SearchAsync("person -dog"));
        Assert.Equal(new long[] { 2 }, await SearchAsync("person NOT dog"));
        Assert.Equal(new long[] { 1 }, await SearchAsync("\"front door\""));
        Assert.Equal(new long[] { 1, 3, 4 }, await SearchAsync("cat OR dog"));
        Assert.Empty(await SearchAsync("'); drop table hsi.mt_events; --"));
        Assert.Empty(await SearchAsync("\""));

        var ranked = await (await Host.Scenario(s => s.Get.Url("/api/events/search?q=dog"))).JsonAsync();
        var results = ranked["results"]!.AsArray();
        Assert.True(results[0]!["relevance_score"]!.GetValue<double>() >= results[^1]!["relevance_score"]!.GetValue<double>());
        Assert.Equal("dog", results.Single(r => r!["id"]!.GetValue<long>() == 3)!.Str("object_types"));
        await Host.Scenario(s => { s.Get.Url("/api/events/search?q="); s.StatusCodeShouldBe(422); });
        await Host.Scenario(s => { s.Get.Url("/api/events/search?q=dog&severity=severe"); s.StatusCodeShouldBe(400); });
    }

    [Fact]
    public async Task The_csv_export_parses_and_guards_formulas()
    {
        await AddEventsAsync([(1, "porch", T0, 40, "person", "=HYPERLINK(\"http://evil\")"), (2, "porch", T0.AddHours(1), 90, "car", "a car, \"quoted\"")]);
        var result = await Host.Scenario(s => { s.Get.Url("/api/events/export"); s.StatusCodeShouldBeOk(); });
        Assert.Matches("^attachment; filename=\"events_export_\\d{8}_\\d{6}\\.csv\"$", result.Context.Response.Headers.ContentDisposition.ToString());
        // .NET's own RFC 4180 reader: quoted fields, doubled quotes and commas inside them.
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(await result.ReadAsTextAsync()))
        {
            TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
        };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        var rows = new List<Dictionary<string, string>>();
        while (!parser.EndOfData) rows.Add(header.Zip(parser.ReadFields()!).ToDictionary(p => p.First, p => p.Second));
        Assert.Equal(["event_id", "camera_name", "started_at", "ended_at", "risk_score", "risk_level", "summary", "detection_count", "reviewed"], header);
        Assert.Equal("'=HYPERLINK(\"http://evil\")", rows.Single(r => r["event_id"] == "1")["summary"]);
        Assert.Equal("a car, \"quoted\"", rows.Single(r => r["event_id"] == "2")["summary"]);
        Assert.Equal("No", rows[0]["reviewed"]);
    }
}
