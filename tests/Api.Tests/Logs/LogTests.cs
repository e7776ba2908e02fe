using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Hsi.Api.Features.Logs;
using Microsoft.Extensions.Logging;

namespace Hsi.Api.Tests.Logs;

public class LogTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_warning_an_api_call_logs_is_listed_with_its_camera_component_and_level_and_can_be_read_by_id()
    {
        // A plain file where the camera's folder would go: the camera is registered and the endpoint logs that the folder cannot be made.
        var folder = $"blocked_{Guid.NewGuid():N}"[..20];
        await File.WriteAllTextAsync(Path.Combine(App.CameraRoot, folder), "not a folder");
        await Host.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "Blocked", folder_path = folder }, status: 201);

        var items = await Host.EventuallyItemsAsync($"camera_id={folder}", i => i.Count > 0, "the camera's warning in /api/logs");
        var line = Assert.Single(items)!;
        Assert.Equal("WARNING", line.Str("level"));
        Assert.Equal("Cameras.Create", line.Str("component"));
        Assert.Equal("backend", line.Str("source"));
        Assert.Equal(folder, line.Str("camera_id"));
        Assert.StartsWith($"Camera {folder} registered, but the camera's folder cannot be created", line.Str("message"));
        Assert.EndsWith(folder, line["extra"]!.Str("Folder"));

        var id = line["id"]!.GetValue<long>();
        var byId = await Host.GetJsonAsync($"/api/logs/{id}");
        Assert.Equal(line.ToJsonString(), byId.ToJsonString());
        var missing = await Host.GetJsonAsync($"/api/logs/{long.MaxValue}", status: 404);
        Assert.Equal($"Log entry {long.MaxValue} not found", missing.Str("detail"));
        await Host.GetJsonAsync("/api/logs/abc", status: 422);
    }

    [Fact]
    public async Task Lines_the_services_log_keep_their_ids_and_properties_and_nothing_below_information_is_stored()
    {
        var logger = Host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hsi.Api.Tests.LogProbe");
        var marker = Guid.NewGuid().ToString("N");
        logger.LogDebug("Probe {Marker} below the threshold", marker);
        logger.LogInformation("Probe {Marker} analysed {CameraId} for event {EventId} detection {DetectionId} in {DurationMs} ms (zone {Zone})",
            marker, "porch", 41L, 42L, 17.6, "driveway");
        logger.LogError(new InvalidOperationException("boom"), "Probe {Marker} failed", marker);

        var items = await Host.EventuallyItemsAsync($"search={marker}", i => i.Count >= 2, "the probe's lines");
        Assert.Equal([$"Probe {marker} failed", $"Probe {marker} analysed porch for event 41 detection 42 in 17.6 ms (zone driveway)"], items.Messages());

        var failed = items[0]!;
        Assert.Equal("ERROR", failed.Str("level"));
        Assert.Contains("InvalidOperationException: boom", failed["extra"]!.Str("exception"));

        var analysed = items[1]!;
        Assert.Equal("INFO", analysed.Str("level"));
        Assert.Equal("LogProbe", analysed.Str("component"));
        Assert.Equal("porch", analysed.Str("camera_id"));
        Assert.Equal(41, analysed["event_id"]!.GetValue<long>());
        Assert.Equal(42, analysed["detection_id"]!.GetValue<long>());
        Assert.Equal(18, analysed["duration_ms"]!.GetValue<int>());
        Assert.Equal("driveway", analysed["extra"]!.Str("Zone"));
        Assert.Equal(marker, analysed["extra"]!.Str("Marker"));
        // The debug line was logged before both: had it been stored, it would be there by now.
        Assert.DoesNotContain(items.Messages(), m => m.Contains("below the threshold"));
    }

    [Fact]
    public async Task Trimming_removes_lines_older_than_the_cutoff_and_keeps_the_rest()
    {
        var table = Host.Services.GetRequiredService<LogTable>();
        var component = LogScenarios.NewComponent("aged");
        LogRow Line(string message, int daysAgo) =>
            new(DateTimeOffset.UtcNow.AddDays(-daysAgo), "INFO", component, message, null, null, null, null, null, null, LogSources.Backend);
        await table.InsertAsync([Line("eight days old", 8), Line("six days old", 6), Line("today", 0)], default);

        await table.TrimAsync(maxRows: 100_000, cutoff: DateTimeOffset.UtcNow.AddDays(-7), default);
        Assert.Equal(["today", "six days old"], (await Host.ItemsAsync($"component={component}")).Messages());
    }

    [Fact]
    public async Task The_list_filters_by_level_component_source_and_a_literal_search_newest_first()
    {
        var component = LogScenarios.NewComponent("filters");
        await Host.ReportAsync(component, "100% sure", "WARNING");
        await Host.ReportAsync(component, "100 percent SURE");
        await Host.ReportAsync(component, "file_name.jpg", "error");
        await Host.ReportAsync(component, "filexname.jpg", "Error");
        await Host.ReportAsync(component + "x", "another component entirely");

        Assert.Equal(["filexname.jpg", "file_name.jpg", "100 percent SURE", "100% sure"], (await Host.ItemsAsync($"component={component}")).Messages());
        Assert.Equal(["100% sure"], (await Host.ItemsAsync($"component={component}&level=warning")).Messages());
        Assert.Equal(["filexname.jpg", "file_name.jpg"], (await Host.ItemsAsync($"component={component}&level=ERROR")).Messages());
        // % and _ are the characters themselves, not LIKE wildcards; the case of the text does not matter.
        Assert.Equal(["100% sure"], (await Host.ItemsAsync($"component={component}&search=100%25")).Messages());
        Assert.Equal(["file_name.jpg"], (await Host.ItemsAsync($"component={component}&search=e_n")).Messages());
        Assert.Equal(["100 percent SURE", "100% sure"], (await Host.ItemsAsync($"component={component}&search=sure")).Messages());
        Assert.Equal(4, (await Host.ItemsAsync($"component={component}&source=frontend")).Count);
        Assert.Empty(await Host.ItemsAsync($"component={component}&source=backend"));

        await Host.GetJsonAsync("/api/logs?level=verbose", status: 422);
        await Host.GetJsonAsync("/api/logs?source=browser", status: 422);
        await Host.GetJsonAsync("/api/logs?limit=0", status: 422);
        await Host.GetJsonAsync("/api/logs?limit=1001", status: 422);
        await Host.GetJsonAsync("/api/logs?offset=-1", status: 422);
    }

    [Fact]
    public async Task The_list_pages_and_narrows_to_a_time_window()
    {
        var component = LogScenarios.NewComponent("paging");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 1; i <= 5; i++) await Host.ReportAsync(component, $"line {i}");
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var first = await Host.GetJsonAsync($"/api/logs?component={component}&limit=2");
        Assert.Equal(["line 5", "line 4"], first["items"]!.AsArray().Messages());
        var pagination = first["pagination"]!;
        Assert.Equal(5, pagination["total"]!.GetValue<int>());
        Assert.Equal(2, pagination["limit"]!.GetValue<int>());
        Assert.Equal(0, pagination["offset"]!.GetValue<int>());
        Assert.True(pagination["has_more"]!.GetValue<bool>());
        var last = await Host.GetJsonAsync($"/api/logs?component={component}&limit=2&offset=4");
        Assert.Equal(["line 1"], last["items"]!.AsArray().Messages());
        Assert.False(last["pagination"]!["has_more"]!.GetValue<bool>());
        var past = await Host.GetJsonAsync($"/api/logs?component={component}&limit=2&offset=10");
        Assert.Empty(past["items"]!.AsArray());
        Assert.Equal(5, past["pagination"]!["total"]!.GetValue<int>());

        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
        Assert.Equal(5, (await Host.ItemsAsync($"component={component}&start_date={At(before)}&end_date={At(after)}")).Count);
        Assert.Empty(await Host.ItemsAsync($"component={component}&start_date={At(after)}"));
        Assert.Empty(await Host.ItemsAsync($"component={component}&end_date={At(before)}"));
        var backwards = await Host.GetJsonAsync($"/api/logs?start_date={At(after)}&end_date={At(before)}", status: 400);
        Assert.Equal("start_date must not be after end_date", backwards.Str("detail"));
    }

    [Fact]
    public async Task Stats_count_todays_lines_by_level_and_component()
    {
        var component = LogScenarios.NewComponent("stats");
        var before = await Host.GetJsonAsync("/api/logs/stats");
        await Host.ReportAsync(component, "one", "ERROR");
        await Host.ReportAsync(component, "two", "ERROR");
        await Host.ReportAsync(component, "three", "CRITICAL");
        await Host.ReportAsync(component, "four", "WARNING");
        await Host.ReportAsync(component, "five", "INFO");

        var stats = await Host.GetJsonAsync("/api/logs/stats");
        Assert.Equal(5, stats["by_component"]![component]!.GetValue<int>());
        int Count(JsonNode s, string name) => s[name]!.GetValue<int>();
        Assert.True(Count(stats, "total_today") - Count(before, "total_today") >= 5);
        Assert.True(Count(stats, "errors_today") - Count(before, "errors_today") >= 3);
        Assert.True(Count(stats, "warnings_today") - Count(before, "warnings_today") >= 1);
        var byLevel = stats["by_level"]!.AsObject();
        Assert.Equal(Count(stats, "total_today"), byLevel.Sum(l => l.Value!.GetValue<int>()));
        Assert.Equal(Count(stats, "errors_today"), byLevel["ERROR"]!.GetValue<int>() + byLevel["CRITICAL"]!.GetValue<int>());
        var byComponent = stats["by_component"]!.AsObject();
        Assert.Equal(byComponent.Max(c => c.Value!.GetValue<int>()), byComponent[stats.Str("top_component")]!.GetValue<int>());
    }

    [Fact]
    public async Task A_browser_report_is_stored_as_frontend_with_its_page_and_user_agent()
    {
        var component = LogScenarios.NewComponent("ingest");
        var created = await Host.ReportAsync(component, "chart failed to render", "error",
            new JsonObject { ["extra"] = new JsonObject { ["chart"] = "risk", ["attempt"] = 2 }, ["url"] = "http://hsi.local/dashboard?tab=risk", ["user_agent"] = "TestBrowser/1.0" });
        Assert.Equal("created", created.Str("status"));

        // Without user_agent in the body, the request's header is stored.
        await Host.Scenario(s =>
        {
            s.Post.Json(new { level = "INFO", component, message = "from the header" }).ToUrl("/api/logs/frontend");
            s.WithRequestHeader("User-Agent", "HeaderBrowser/2.0");
            s.StatusCodeShouldBe(201);
        });

        var items = await Host.ItemsAsync($"component={component}");
        Assert.Equal("HeaderBrowser/2.0", items[0]!.Str("user_agent"));
        var report = items[1]!;
        Assert.Equal("ERROR", report.Str("level"));
        Assert.Equal("frontend", report.Str("source"));
        Assert.Equal("chart failed to render", report.Str("message"));
        Assert.Equal("http://hsi.local/dashboard?tab=risk", report.Str("url"));
        Assert.Equal("TestBrowser/1.0", report.Str("user_agent"));
        Assert.Equal("""{"chart":"risk","attempt":2}""", report["extra"]!.ToJsonString());
    }

    [Fact]
    public async Task A_browser_report_out_of_bounds_is_refused()
    {
        async Task<string> Refused(object body) =>
            (await Host.SendAsync(HttpMethod.Post, "/api/logs/frontend", body, status: 422))["detail"]![0]!.Str("msg");

        Assert.Contains("level must be one of", await Refused(new { level = "LOUD", component = "c", message = "m" }));
        await Refused(new { level = "INFO", component = new string('c', 51), message = "m" });
        await Refused(new { level = "INFO", component = "", message = "m" });
        await Refused(new { level = "INFO", component = "c", message = new string('m', 2001) });
        await Refused(new { level = "INFO", component = "c" });
        Assert.Equal("Field required", await Refused(new { component = "c", message = "m" }));
        await Refused(new { level = "INFO", component = "c", message = "m", url = new string('u', 2001) });
        await Refused(new { level = "INFO", component = "c", message = "m", user_agent = new string('a', 501) });
        Assert.Contains("extra may be at most", await Refused(new { level = "INFO", component = "c", message = "m", extra = new { blob = new string('x', 5000) } }));
    }

    [Fact]
    public async Task A_browser_report_body_over_16_KB_is_413()
    {
        using var client = Host.Server.CreateClient();
        var report = new JsonObject { ["level"] = "INFO", ["component"] = "c", ["message"] = "m", ["extra"] = new JsonObject { ["blob"] = new string('x', 20 * 1024) } };
        var body = new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/logs/frontend", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 16 KB", await response.Content.ReadAsStringAsync());

        // A body without a declared length is cut off as it passes the limit.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(report.ToJsonString())));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/logs/frontend") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var cutOff = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, cutOff.StatusCode);
        Assert.Contains("at most 16 KB", await cutOff.Content.ReadAsStringAsync());
    }
}
