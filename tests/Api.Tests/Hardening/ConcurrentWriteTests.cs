using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hsi.Api.Tests.Calibration;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.SecurityEvents;

namespace Hsi.Api.Tests.Hardening;

/// <summary>
/// Only a version the client sent is optimistic concurrency: many writers that sent none all land
/// (the server reads, decides and appends again), while a stale version sent is still 409.
/// </summary>
public class ConcurrentWriteTests(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private static async Task<HttpStatusCode[]> SendManyAsync(HttpClient client, int count, Func<int, HttpRequestMessage> request) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var response = await client.SendAsync(request(i));
            return response.StatusCode;
        }));

    private static HttpRequestMessage Json(HttpMethod method, string url, string body) =>
        new(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task Two_hundred_versionless_reviews_of_one_event_all_land_and_a_stale_version_is_409()
    {
        await App.Store.AssessedEventAsync(3, score: 60);
        using var client = Host.Server.CreateClient();

        var statuses = await SendManyAsync(client, 200, i => Json(HttpMethod.Patch, "/api/events/3", $$"""{"notes":"note {{i}}"}"""));

        Assert.Equal(200, statuses.Count(s => s == HttpStatusCode.OK));
        var read = JsonNode.Parse(await client.GetStringAsync("/api/events/3"))!.As<EventBody>();
        // Four events opened, filled, closed and assessed it; each review changed its notes once.
        Assert.Equal(4 + 200, read.Version);

        using var stale = await client.SendAsync(Json(HttpMethod.Patch, "/api/events/3", """{"notes":"late","version":4}"""));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(204, JsonNode.Parse(await stale.Content.ReadAsStringAsync())!.As<ConflictBody>().CurrentVersion);
    }

    [Fact]
    public async Task Concurrent_versionless_config_and_calibration_changes_all_land()
    {
        using var client = Host.Server.CreateClient();
        var config = await SendManyAsync(client, 40, i => Json(HttpMethod.Patch, "/api/system/config", $$"""{"retention_days":{{i + 1}}}"""));
        var calibration = await SendManyAsync(client, 40, i => Json(HttpMethod.Patch, "/api/calibration", $$"""{"low_threshold":{{i % 20}}}"""));

        Assert.All(config, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(calibration, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Concurrent_feedback_on_many_events_is_all_counted_once()
    {
        var ids = Enumerable.Range(1, 60).Select(i => (long)i).ToList();
        await App.Store.AssessedEventsAsync(ids.Select(id => new AssessedEvent(id, "porch", At, 60)));
        using var client = Host.Server.CreateClient();

        var statuses = await SendManyAsync(client, ids.Count, i => Json(HttpMethod.Post, $"/api/events/{ids[i]}/feedback", """{"feedback_type":"correct"}"""));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var calibration = JsonNode.Parse(await client.GetStringAsync("/api/calibration"))!.Calibration();
        Assert.Equal(ids.Count, calibration.CorrectCount);
    }

    [Fact]
    public async Task Feedback_of_one_kind_moves_the_calibration_once_per_event()
    {
        await App.Store.AssessedEventAsync(5, score: 80);
        using var client = Host.Server.CreateClient();

        var statuses = await SendManyAsync(client, 50, _ => Json(HttpMethod.Post, "/api/events/5/feedback", """{"feedback_type":"false_positive"}"""));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(49, statuses.Count(s => s == HttpStatusCode.Conflict));
        var calibration = JsonNode.Parse(await client.GetStringAsync("/api/calibration"))!.Calibration();
        // One false positive at 80 raises all three by int(1 × max(1, 80/50)) = 1: 30/60/85 → 31/61/86.
        Assert.Equal((31, 61, 86, 1), (calibration.LowThreshold, calibration.MediumThreshold, calibration.HighThreshold, calibration.FalsePositiveCount));

        using var repeat = await client.SendAsync(Json(HttpMethod.Post, "/api/events/5/feedback", """{"feedback_type":"false_positive"}"""));
        Assert.Contains("already given", JsonNode.Parse(await repeat.Content.ReadAsStringAsync())!.As<ErrorBody>().Detail);
        using var other = await client.SendAsync(Json(HttpMethod.Post, "/api/events/5/feedback", """{"feedback_type":"correct"}"""));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}

public class RefusalLogTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Expected_refusals_log_a_line_each_without_a_stack_trace()
    {
        App.Logs.Clear();
        using var client = Host.Server.CreateClient();
        // Refusals only the database or Kestrel sees: a camera registered twice at once, a chunked body over the limit.
        var creates = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await client.PostAsync("/api/cameras",
                new StringContent("""{"name":"Porch","folder_path":"porch"}""", Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));
        Assert.Equal(1, creates.Count(s => s == HttpStatusCode.Created));
        Assert.All(creates.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        for (var i = 0; i < 10; i++)
        {
            var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}")));
            chunked.Headers.ContentType = new("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cameras") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            using var tooLarge = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }

        var entries = App.Logs.Entries;
        Assert.DoesNotContain(entries, e => e.Exception is not null || e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.True(entries.Sum(e => e.Message.Length) < 30 * 500, $"{entries.Sum(e => e.Message.Length)} characters logged for 30 refusals");
    }
}

public class HistoryPagingTests(AppFixture app) : ApiTest(app)
{
    [Theory]
    [InlineData("/api/cameras/porch/history?limit=-1")]
    [InlineData("/api/cameras/porch/history?limit=1001")]
    [InlineData("/api/cameras/porch/history?offset=-1")]
    [InlineData("/api/system/config/history?limit=1001")]
    [InlineData("/api/system/config/history?limit=0")]
    [InlineData("/api/calibration/history?offset=-1")]
    [InlineData("/api/events/3/history?limit=-1")]
    public async Task Out_of_range_paging_is_422(string url) =>
        await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(422); });

    [Fact]
    public async Task A_history_is_paged_by_limit_and_offset()
    {
        await Host.RegisteredCameraAsync();
        foreach (var name in new[] { "Porch 2", "Porch 3", "Porch 4" })
            await Host.Scenario(s => { s.Patch.Json(new { name }).ToUrl("/api/cameras/porch"); s.StatusCodeShouldBe(200); });

        var page = await (await Host.Scenario(s => s.Get.Url("/api/cameras/porch/history?limit=2&offset=1"))).JsonAsync();
        Assert.Equal([2L, 3L], page["items"]!.AsArray().Select(e => e!["version"]!.GetValue<long>()));
        Assert.Equal(4, page["pagination"]!["total"]!.GetValue<int>());
        Assert.True(page["pagination"]!["has_more"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"batch_window_seconds":2147483647}""")]
    [InlineData("""{"batch_idle_timeout_seconds":3601}""")]
    [InlineData("""{"retention_days":"5"}""")]
    [InlineData("""{"app_name":"x"}""")]
    public async Task Config_out_of_its_documented_bounds_or_shape_is_422(string body) =>
        await Host.Scenario(s =>
        {
            s.Patch.Text(body).ContentType("application/json").ToUrl("/api/system/config");
            s.StatusCodeShouldBe(422);
        });
}

public class StrictBodyTests(AppFixture app) : ApiTest(app)
{
    [Theory]
    [InlineData("/api/ai-audit/replay", """{"event_ids":["1","2"],"dry_run":true}""", "event_ids[0]")]
    [InlineData("/api/calibration", """{"low_threshold":"10"}""", "low_threshold")]
    public async Task A_number_sent_as_a_string_is_422_naming_it(string url, string body, string field)
    {
        var result = await Host.Scenario(s =>
        {
            if (url == "/api/calibration") s.Patch.Text(body).ContentType("application/json").ToUrl(url);
            else s.Post.Text(body).ContentType("application/json").ToUrl(url);
            s.StatusCodeShouldBe(422);
        });
        Assert.Contains($"\"{field}\"", await result.ReadAsTextAsync());
    }
}
