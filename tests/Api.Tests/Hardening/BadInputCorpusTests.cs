using System.Net;
using System.Net.WebSockets;
using System.Net.Http.Headers;
using System.Text;
using Alba;
using System.Text.Json;
using Hsi.Api.Tests.Detections;
using Hsi.Projections.Media;
using Marten;

namespace Hsi.Api.Tests.Hardening;

/// <summary>
/// Hostile input across every endpoint, generated from a table of bad values crossed with every
/// path and query slot, plus bodies, uploads and Range headers. Whatever comes in: never a 500,
/// every error a <c>{"detail"}</c> JSON body, not one byte of a file outside CAMERA_ROOT served,
/// and memory that stays bounded.
/// </summary>
public class BadInputCorpusTests(AppFixture app) : ApiTest(app)
{
    /// <summary>Raw (already URL-encoded where needed) values a client or attacker might send.</summary>
    private static readonly string[] HostileValues =
    [
        "", "%00", "a%00b", "-1", "0", "99999999999999999999", "1e309", "NaN", "abc", "%FF%FE", "%ED%A0%80",
        "'%3B%20drop%20table%20hsi.mt_events%3B--", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd",
        "2026-01-01T00:00:00+05:00", "2026-01-01T00:00:00%2B05:00", "2026-13-45", "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z", new string('a', 5000), "%F0%9F%98%80", "true", "null", "%5B%5D", "%7B%7D",
        "%25", "%", "%09", "%0D%0A", "id,bogus", "eyJpZCI6MSwiY3JlYXRlZF9hdCI6IjIwMjYtMDEtMDFUMDA6MDA6MDArMDU6MDAifQ",
    ];

    /// <summary>Every GET with a slot ({0}) for a hostile value; {d}/{v}/{c}/{m} are a real image detection, video detection, camera and media id.</summary>
    private static readonly string[] GetTemplates =
    [
        "/api/cameras?status={0}", "/api/cameras?fields={0}", "/api/cameras/{0}", "/api/cameras/{0}/snapshot",
        "/api/cameras/deleted?x={0}",
        "/api/detections?camera_id={0}", "/api/detections?object_type={0}", "/api/detections?start_date={0}",
        "/api/detections?end_date={0}", "/api/detections?min_confidence={0}", "/api/detections?limit={0}",
        "/api/detections?offset={0}", "/api/detections?cursor={0}", "/api/detections?fields={0}",
        "/api/detections?cursor={0}&offset=5", "/api/detections?zone_id={0}",
        "/api/detections/{0}", "/api/detections/{0}/image", "/api/detections/{d}/image?full={0}",
        "/api/detections/{0}/video", "/api/detections/{0}/enrichment",
        "/api/detections/export?format={0}", "/api/detections/export?start_date={0}&end_date=2020-01-01T00:00:00Z",
        "/api/detections/stats?camera_id={0}", "/api/media/{0}", "/api/{0}", "/{0}",
        "/api/events?camera_id={0}", "/api/events?risk_level={0}", "/api/events?start_date={0}", "/api/events?reviewed={0}",
        "/api/events?object_type={0}", "/api/events?zone_id={0}", "/api/events?limit={0}", "/api/events?cursor={0}", "/api/events?fields={0}",
        "/api/events/{0}", "/api/events/{0}/detections", "/api/events/stats?end_date={0}", "/api/events/search?q={0}",
        "/api/events/search?q=dog&severity={0}", "/api/events/search?q=dog&limit={0}", "/api/events/export?format={0}",
        "/api/calibration/history?x={0}",
        "/api/events/{0}/history", "/api/cameras/{0}/history", "/api/events/1?as_of={0}", "/api/jobs/{0}", "/api/jobs/{0}?x=1",
        "/api/ai-audit/events/{0}", "/api/ai-audit/media/{0}", "/api/ai-audit/stats?start_date={0}", "/api/ai-audit/stats?end_date={0}",
        "/api/admin/projections?x={0}", "/api/system/config?x={0}", "/api/system/config/history?x={0}", "/api/system/gpu?x={0}",
        "/api/system/health?x={0}", "/api/system/health/ready?x={0}", "/api/dlq/stats?x={0}", "/api/dlq/jobs/{0}",
        "/api/dlq/jobs/dlq:detection_queue?start={0}", "/api/dlq/jobs/dlq:detection_queue?limit={0}",
        "/api/analytics/detection-trends?start_date={0}&end_date=2026-01-01", "/api/analytics/risk-history?start_date=2026-01-01&end_date={0}",
        "/api/analytics/camera-uptime?start_date={0}&end_date={0}", "/api/analytics/object-distribution?start_date={0}&end_date=2026-12-31",
        "/api/analytics/risk-score-distribution?start_date=2026-01-01&end_date=2026-01-31&bucket_size={0}",
        "/api/analytics/risk-score-trends?start_date={0}&end_date=9999-12-31", "/api/analytics/detection-trends?start_date=0001-01-01&end_date={0}",
        "/api/cameras/{0}/zones/0193a5c4-0000-7000-8000-000000000001/dwell", "/api/cameras/front/zones/{0}/dwell",
        "/api/cameras/front/zones/0193a5c4-0000-7000-8000-000000000001/dwell?limit={0}",
        "/api/cameras/front/zones/0193a5c4-0000-7000-8000-000000000001/dwell?start_date={0}",
        "/api/cameras/front/zones/{0}/crossings", "/api/cameras/front/zones/0193a5c4-0000-7000-8000-000000000001/crossings?end_date={0}",
        "/api/v1/households?limit={0}", "/api/v1/households?offset={0}", "/api/v1/households/{0}", "/api/v1/households/{0}/properties",
        "/api/v1/households/1/properties?limit={0}", "/api/v1/properties/{0}", "/api/v1/properties/{0}/areas",
        "/api/v1/properties/1/areas?offset={0}", "/api/v1/areas/{0}", "/api/v1/areas/{0}/cameras", "/api/v1/areas/1/cameras?limit={0}",
        "/api/cameras/{0}/scene-changes", "/api/cameras/front/scene-changes?limit={0}",
        "/api/cameras/front/scene-changes?cursor={0}", "/api/cameras/front/scene-changes?acknowledged={0}",
        "/api/cameras/{0}/baseline", "/api/cameras/{0}/baseline/activity", "/api/cameras/{0}/baseline/classes",
        "/api/cameras/{0}/baseline/anomalies", "/api/cameras/front/baseline/anomalies?days={0}", "/api/system/anomaly-config?x={0}",
        "/api/system/anomaly-config/history?limit={0}",
        "/api/alerts/rules?enabled={0}", "/api/alerts/rules?severity={0}", "/api/alerts/rules?limit={0}", "/api/alerts/rules/{0}",
        "/api/alerts?status={0}", "/api/alerts?severity={0}", "/api/alerts?event_id={0}", "/api/alerts?rule_id={0}", "/api/alerts?offset={0}",
        "/api/alerts/{0}", "/api/alerts/{0}/deliveries", "/api/alerts/0193a5c4-0000-7000-8000-000000000001/deliveries?limit={0}",
        "/api/notification-preferences?x={0}", "/api/notification-preferences/cameras?limit={0}", "/api/notification-preferences/cameras/{0}",
        "/api/notification-preferences/quiet-hours?offset={0}",
        "/api/events/{0}/enrichments", "/api/events/1/enrichments?limit={0}", "/api/events/1/enrichments?offset={0}",
        "/api/system/models/{0}", "/api/system/models?x={0}",
        "/api/entities?entity_type={0}", "/api/entities?camera_id={0}", "/api/entities?since={0}", "/api/entities?until={0}",
        "/api/entities?trust_status={0}", "/api/entities?limit={0}", "/api/entities?offset={0}", "/api/entities/{0}", "/api/entities/{0}/history",
        "/api/entities/matches/{0}", "/api/entities/matches/{d}?threshold={0}", "/api/entities/matches/{d}?entity_type={0}",
        "/api/entities/stats?since={0}", "/api/entities/stats?until={0}", "/api/entities/trusted?limit={0}", "/api/entities/untrusted?entity_type={0}",
    ];

    private static readonly string[] JsonBodies =
    [
        "{", "[]", "null", "1", "\"x\"", "{}", new string('[', 5000) + new string(']', 5000),
        """{"name":5,"folder_path":"x"}""", """{"name":null,"folder_path":null}""", """{"name":"a\u0000b","folder_path":"nul"}""",
        """{"name":"\ud800","folder_path":"surrogate"}""", """{"name":"ok","folder_path":"a\u0000b"}""",
        "{\"name\":\"" + new string('n', 300) + "\",\"folder_path\":\"long_name\"}",
        "{\"name\":\"long folder\",\"folder_path\":\"" + new string('y', 300) + "\"}",
        """{"name":"up","folder_path":"../../etc"}""", """{"name":"abs","folder_path":"/etc"}""",
        """{"name":"st","folder_path":"st","status":"bogus"}""", """{"name":"st2","folder_path":"st2","status":1}""",
        """{"name":"tz","folder_path":"tz","timezone":"Mars/Olympus"}""", """{"name":"tz2","folder_path":"tz2","timezone":5}""",
        """{"name":"dup","name":"dup2","folder_path":"dup"}""", """{"name":"n","folder_path":"deleted"}""",
        """{"name":"n","folder_path":"f","extra":{"deep":[1,2,{"x":null}]}}""", """{"name":1e400,"folder_path":"big"}""",
        "{\"name\":\"" + new string('x', 1_100_000) + "\"}",
    ];

    private static readonly string[] EventAndCalibrationBodies =
    [
        """{"reviewed":"yes"}""", """{"version":-1}""", """{"version":99999999999999999999}""", """{"version":1.5}""",
        """{"notes":"a\u0000b"}""", "{\"notes\":\"" + new string('n', 20_000) + "\"}", """{"snooze_until":"never"}""",
        """{"low_threshold":-5}""", """{"low_threshold":90}""", """{"decay_factor":"NaN"}""", """{"high_threshold":1e10}""",
        """{"feedback_type":"maybe"}""", """{"feedback_type":5}""",
    ];

    /// <summary>Bodies for the operations and replay endpoints (system config, replays, the alert webhook).</summary>
    private static readonly string[] OperationsBodies =
    [
        """{"batch_window_seconds":-1}""", """{"batch_idle_timeout_seconds":1e400}""", """{"detection_confidence_threshold":"high"}""",
        """{"retention_days":0}""", """{"retention_days":99999999999}""", """{"log_retention_days":null}""",
        """{"event_ids":[-1,99999999999999999999]}""", """{"event_ids":"all"}""", """{"start_date":"2026-13-45","end_date":"x"}""",
        """{"start_date":"2026-01-02T00:00:00Z","end_date":"2026-01-01T00:00:00Z"}""", """{"analyzer":"\u0000"}""",
        """{"calibration":{"low_threshold":-5,"high_threshold":500}}""", """{"media_ids":["not-a-guid"]}""",
        """{"media_ids":[],"model_path":"../../../../etc/passwd"}""", """{"media_ids":[],"model_path":"/etc/passwd"}""",
        """{"media_ids":[],"model_path":"/proc/self/environ"}""", """{"media_ids":[],"confidence_threshold":-1}""",
        """{"media_ids":[],"model_family":"bogus"}""", """{"version":"4","alerts":"x"}""", """{"alerts":[{"status":5}]}""",
        """{"version":"4","status":"firing","alerts":[{"labels":{"a":"\ud800"},"startsAt":"never"}]}""",
    ];

    /// <summary>Bodies for alert rules, their test, acknowledge/dismiss and the notification preferences.</summary>
    private static readonly string[] AlertBodies =
    [
        """{"name":""}""", """{"name":"r","object_types":"person"}""", """{"name":"r","object_types":[null]}""",
        """{"name":"r","schedule":{"start_time":"25:00","end_time":"06:00"}}""", """{"name":"r","schedule":{"days":[1,2]}}""",
        """{"name":"r","schedule":{"timezone":"../../etc/localtime"}}""", """{"name":"r","schedule":"always"}""",
        """{"name":"r","dedup_key_template":"{camera_id}{{hour}}"}""", """{"name":"r","webhook_url":"file:///etc/passwd"}""",
        """{"name":"r","webhook_url":"gopher://127.0.0.1:6379/_FLUSHALL"}""", """{"name":"r","webhook_url":"http://169.254.169.254/"}""",
        """{"name":"r","webhook_url":"http://[fd00:ec2::254]/"}""", """{"name":"r","webhook_url":"http://\u0000/"}""",
        """{"name":"r","channels":["sms"]}""", """{"name":"r","zone_ids":["x"]}""", """{"name":"r","min_confidence":"NaN"}""",
        """{"event_ids":[-1,99999999999999999999]}""", """{"limit":1e400}""", """{"test_time":"yesterday"}""",
        """{"version":-1}""", """{"version":"1"}""", """{"reason":5}""",
        """{"sound":"siren"}""", """{"risk_filters":["severe"]}""", """{"risk_filters":"high"}""", """{"enabled":"yes"}""",
        """{"risk_threshold":101}""", """{"label":"q","start_time":"22:00","end_time":"22:00"}""",
        """{"label":"q","start_time":"22:00","end_time":"06:00","days":["someday"]}""", """{"label":"","start_time":"x","end_time":"y"}""",
    ];

    /// <summary>Bodies for entity trust and merges.</summary>
    private static readonly string[] EntityBodies =
    [
        """{"trust_status":"unknown"}""", """{"trust_status":1}""", """{"trust_status":null}""", "{\"trust_status\":\"trusted\",\"notes\":\"" + new string('n', 20_000) + "\"}",
        """{"trust_status":"trusted","version":-1}""", """{"entity_id":"not-a-uuid"}""", """{"entity_id":5}""", """{"source_entity_id":"0193a5c4-0000-7000-8000-000000000001"}""",
        """{"entity_id":"0193a5c4-0000-7000-8000-000000000001","source_entity_id":"0193a5c4-0000-7000-8000-000000000002"}""",
    ];

    /// <summary>Bodies for households, properties, areas and area links.</summary>
    private static readonly string[] PropertyBodies =
    [
        """{"name":"Home","timezone":"Mars/Olympus"}""", """{"name":"Home","timezone":"../../etc/localtime"}""",
        """{"name":"Home","timezone":"%00"}""", "{\"name\":\"Home\",\"timezone\":\"" + new string('z', 5000) + "\"}",
        """{"name":"Yard","color":"#GGGGGG"}""", """{"name":"Yard","color":null}""", "{\"name\":\"Yard\",\"description\":\"" + new string('d', 20_000) + "\"}",
        """{"camera_id":5}""", """{"camera_id":"../etc"}""", """{"name":"\u202eevil"}""",
    ];

    private static readonly string[] RangeHeaders =
    [
        "bytes=0-0", "bytes=-0", "bytes=5-1", "bytes=abc", "bytes=0-99999999999999999999", "bytes=-99999999999",
        "items=0-1", "bytes=0-1,2-3", "bytes=", "bytes=99999999999-", "bytes=--1", "bytes=0--1", "bytes= 0-1", "bytes=1-", "bytes=-1",
    ];

    private const long RssGrowthBoundBytes = 300L * 1024 * 1024;

    [Fact]
    public async Task No_hostile_input_gets_a_500_an_unshaped_error_or_a_byte_from_outside_the_camera_root()
    {
        var canary = CreateCanaryOutsideTheRoot();
        var (detectionId, videoDetectionId, mediaId) = await SeedAsync(canary.Path);
        using var client = Host.Server.CreateClient();
        GC.Collect();
        var rssBefore = Environment.WorkingSet;

        var cases = new List<(string Name, Func<HttpRequestMessage> Request)>();
        foreach (var template in GetTemplates)
        foreach (var value in HostileValues)
        {
            var url = template.Replace("{d}", detectionId.ToString()).Replace("{v}", videoDetectionId.ToString())
                .Replace("{m}", mediaId.ToString()).Replace("{0}", value);
            cases.Add(($"GET {Shorten(url)}", () => new HttpRequestMessage(HttpMethod.Get, url)));
        }
        foreach (var body in JsonBodies.Concat(EventAndCalibrationBodies))
        {
            cases.Add(($"POST /api/cameras {Shorten(body)}", () => JsonRequest(HttpMethod.Post, "/api/cameras", body)));
            cases.Add(($"PATCH /api/cameras/front {Shorten(body)}", () => JsonRequest(HttpMethod.Patch, "/api/cameras/front", body)));
            cases.Add(($"PATCH /api/events/1 {Shorten(body)}", () => JsonRequest(HttpMethod.Patch, "/api/events/1", body)));
            cases.Add(($"PATCH /api/calibration {Shorten(body)}", () => JsonRequest(HttpMethod.Patch, "/api/calibration", body)));
            cases.Add(($"POST /api/events/1/feedback {Shorten(body)}", () => JsonRequest(HttpMethod.Post, "/api/events/1/feedback", body)));
        }
        foreach (var body in JsonBodies.Concat(PropertyBodies))
        foreach (var (method, url) in new[]
                 {
                     (HttpMethod.Post, "/api/v1/households"), (HttpMethod.Post, "/api/v1/households/1/properties"),
                     (HttpMethod.Patch, "/api/v1/properties/1"), (HttpMethod.Post, "/api/v1/properties/1/areas"), (HttpMethod.Post, "/api/v1/areas/1/cameras"),
                 })
            cases.Add(($"{method} {url} {Shorten(body)}", () => JsonRequest(method, url, body)));
        foreach (var body in JsonBodies.Concat(EntityBodies))
        foreach (var (method, url) in new[]
                 {
                     (HttpMethod.Patch, "/api/entities/0193a5c4-0000-7000-8000-000000000001/trust"),
                     (HttpMethod.Post, "/api/entities/0193a5c4-0000-7000-8000-000000000001/merge"),
                 })
            cases.Add(($"{method} {url} {Shorten(body)}", () => JsonRequest(method, url, body)));
        foreach (var body in JsonBodies.Concat(OperationsBodies))
        foreach (var (method, url) in new[]
                 {
                     (HttpMethod.Patch, "/api/system/config"), (HttpMethod.Patch, "/api/system/anomaly-config"), (HttpMethod.Post, "/api/ai-audit/replay"),
                     (HttpMethod.Post, "/api/ai-audit/redetect"), (HttpMethod.Post, "/api/webhooks/alerts"),
                     (HttpMethod.Post, "/api/notification/test"),
                     (HttpMethod.Post, "/api/ai-audit/reenrich"),
                 })
            cases.Add(($"{method} {url} {Shorten(body)}", () => JsonRequest(method, url, body)));
        foreach (var body in JsonBodies.Concat(AlertBodies))
        foreach (var (method, url) in new[]
                 {
                     (HttpMethod.Post, "/api/alerts/rules"), (HttpMethod.Patch, "/api/alerts/rules/0193a5c4-0000-7000-8000-000000000001"),
                     (HttpMethod.Put, "/api/alerts/rules/0193a5c4-0000-7000-8000-000000000001"),
                     (HttpMethod.Post, "/api/alerts/rules/0193a5c4-0000-7000-8000-000000000001/test"),
                     (HttpMethod.Post, "/api/alerts/0193a5c4-0000-7000-8000-000000000001/acknowledge"),
                     (HttpMethod.Post, "/api/alerts/0193a5c4-0000-7000-8000-000000000001/dismiss"),
                     (HttpMethod.Put, "/api/notification-preferences"), (HttpMethod.Put, "/api/notification-preferences/cameras/front"),
                     (HttpMethod.Post, "/api/notification-preferences/quiet-hours"),
                 })
            cases.Add(($"{method} {url} {Shorten(body)}", () => JsonRequest(method, url, body)));
        foreach (var value in HostileValues)
        {
            cases.Add(($"POST alert acknowledge {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{value}/acknowledge")));
            cases.Add(($"DELETE alert rule {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/alerts/rules/{value}")));
            cases.Add(($"DELETE quiet hours {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/notification-preferences/quiet-hours/{value}")));
        }
        foreach (var value in HostileValues)
        {
            cases.Add(($"POST rebuild {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/admin/projections/{value}/rebuild")));
            cases.Add(($"POST dlq requeue {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/dlq/requeue/{value}")));
            cases.Add(($"DELETE dlq {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/dlq/{value}")));
            cases.Add(($"POST cleanup dry_run={Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/system/cleanup?dry_run={value}")));
            cases.Add(($"DELETE area camera {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/areas/{value}/cameras/{value}")));
            cases.Add(($"DELETE household {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/households/{value}")));
            cases.Add(($"POST scene-change acknowledge {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/cameras/front/scene-changes/{value}/acknowledge")));
            cases.Add(($"PATCH entity trust {Shorten(value)}", () => JsonRequest(HttpMethod.Patch, $"/api/entities/{value}/trust", """{"trust_status":"trusted"}""")));
            cases.Add(($"POST entity merge {Shorten(value)}", () => JsonRequest(HttpMethod.Post, $"/api/entities/{value}/merge", """{"entity_id":"0193a5c4-0000-7000-8000-000000000001"}""")));
            cases.Add(($"POST entity reject {Shorten(value)}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/entities/0193a5c4-0000-7000-8000-000000000001/appearances/{value}/reject")));
        }
        foreach (var contentType in new[] { "text/plain", "application/xml", "application/json; charset=utf-16", "multipart/form-data" })
            cases.Add(($"POST /api/cameras as {contentType}", () => new HttpRequestMessage(HttpMethod.Post, "/api/cameras")
            {
                Content = new StringContent("""{"name":"ct","folder_path":"ct"}""", Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } },
            }));
        foreach (var range in RangeHeaders)
            cases.Add(($"GET video Range: {range}", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"/api/detections/{videoDetectionId}/video");
                request.Headers.TryAddWithoutValidation("Range", range);
                return request;
            }));
        cases.AddRange(UploadCases());
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, new HttpMethod("PROPFIND") })
            cases.Add(($"{method} /api/detections", () => new HttpRequestMessage(method, "/api/detections")));

        var failures = new List<string>();
        foreach (var (name, request) in cases)
        {
            using var message = request();
            // A NUL in the path never reaches the app: Kestrel answers 400 to such a request line itself.
            if (message.RequestUri!.OriginalString.Split('?')[0].Contains("%00")) continue;
            using var response = await client.SendAsync(message);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (Problem(response, bytes, canary.Token) is { } problem) failures.Add($"{name}: {problem}");
        }

        GC.Collect();
        var growth = Environment.WorkingSet - rssBefore;
        Assert.True(cases.Count >= 150, $"only {cases.Count} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(growth < RssGrowthBoundBytes, $"RSS grew by {growth / 1048576} MB over {cases.Count} hostile requests");
    }

    [Fact]
    public async Task Hostile_files_in_a_camera_folder_are_each_recorded_and_none_stalls_the_watcher()
    {
        var canary = CreateCanaryOutsideTheRoot();
        var folder = App.CameraFolder("yard");
        var dog = await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var person = await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Images, "person.jpg"));
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var noise = new byte[3000];
        new Random(7).NextBytes(noise);
        var files = new Dictionary<string, byte[]>
        {
            ["truncated.jpg"] = dog[..(dog.Length / 3)],
            ["png-named.jpg"] = png,
            ["jpeg-named.png"] = person,
            ["text.mp4"] = "not a clip"u8.ToArray(),
            ["jpeg-named.mp4"] = dog,
            ["empty.jpg"] = [],
            ["noise.png"] = noise,
            ["noise.webm"] = [.. noise, 1],
            ["with spaces and ünïcödé.jpg"] = [.. dog, 1],
            ["line\nbreak.jpg"] = [.. dog, 2],
            [new string('l', 240) + ".jpg"] = [.. dog, 3],
            ["UPPER.JPEG"] = [.. dog, 4],
        };
        foreach (var (name, bytes) in files) await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
        File.CreateSymbolicLink(Path.Combine(folder, "out.jpg"), canary.Path);
        File.CreateSymbolicLink(Path.Combine(folder, "zero.jpg"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(folder, "loop.jpg"), Path.Combine(folder, "loop.jpg"));
        Directory.CreateDirectory(Path.Combine(folder, "folder.jpg"));
        using (var mkfifo = global::System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder, "fifo.jpg"))) await mkfifo.WaitForExitAsync();
        var expected = files.Count + 4;

        // A good file after all of them is still analysed: nothing stalled the watcher.
        await File.WriteAllBytesAsync(Path.Combine(App.DataDir, "after.jpg"), [.. person, 9]);
        App.Drop(Path.Combine(App.DataDir, "after.jpg"), camera: "yard");
        var media = await Eventually.GetAsync(async () =>
        {
            await using var session = App.Store.QuerySession();
            return await session.Query<MediaView>().ToListAsync();
        }, m => m.Count >= expected + 1 && m.All(x => x.State != Hsi.Domain.Media.MediaState.Received), what: "every hostile file recorded and analysed or rejected");

        Assert.Contains(media, m => m.FilePath.EndsWith("after.jpg") && m.State == Hsi.Domain.Media.MediaState.Analyzed);
        var states = string.Join("; ", media.Select(m => $"{Path.GetFileName(m.FilePath)}={m.State}"));
        foreach (var refused in new[] { "truncated.jpg", "text.mp4", "empty.jpg", "noise.png", "noise.webm", "out.jpg", "zero.jpg", "loop.jpg", "fifo.jpg" })
            Assert.True(media.Any(m => m.FilePath.EndsWith("/" + refused) && m.State == Hsi.Domain.Media.MediaState.Rejected && !string.IsNullOrEmpty(m.RejectionReason)),
                $"{refused} not rejected: {states}");

        using var client = Host.Server.CreateClient();
        foreach (var detection in await Host.DetectionsAsync())
        foreach (var url in new[] { $"/api/detections/{detection!["id"]}/image?full=true", $"/api/detections/{detection!["id"]}/image" })
        {
            using var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, url);
            Assert.Null(Problem(response, await response.Content.ReadAsByteArrayAsync(), canary.Token));
        }
    }

    [Fact]
    public async Task Hostile_websocket_frames_get_an_error_reply_or_a_close_and_the_server_stays_up()
    {
        var frames = new List<(string Name, byte[] Bytes, WebSocketMessageType Type)>();
        foreach (var text in new[]
                 {
                     "{oops", "{\"type\":5}", "{\"type\":null}", "[]", "\"x\"", "5", "{}", "null", "",
                     "{\"type\":\"resync\",\"last_sequence\":\"abc\"}", "{\"type\":\"resync\",\"last_sequence\":-1}",
                     "{\"type\":\"nonsense\"}", "{\"type\":\"ping\",\"x\":" + new string('[', 1000) + new string(']', 1000) + "}",
                     "a\u0000b", new string('x', 70 * 1024),
                 })
            frames.Add((Shorten(text), Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text));
        frames.Add(("binary", [0, 1, 2, 255], WebSocketMessageType.Binary));
        frames.Add(("invalid UTF-8", [0xC3, 0x28, 0xFF], WebSocketMessageType.Text));

        var failures = new List<string>();
        foreach (var (name, bytes, type) in frames)
        {
            using var socket = await Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(Host.Server.BaseAddress, "/ws/detections"), CancellationToken.None);
            await socket.SendAsync(bytes, type, true, CancellationToken.None);
            // Then a ping: whatever the frame did, the socket either closed properly or still answers.
            if (socket.State == WebSocketState.Open) await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var buffer = new byte[8192];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, wait.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (result.CloseStatus is not (WebSocketCloseStatus.MessageTooBig or WebSocketCloseStatus.InvalidPayloadData))
                        failures.Add($"{name}: closed with {result.CloseStatus}");
                    break;
                }
                if (Encoding.UTF8.GetString(buffer, 0, result.Count).Contains("\"pong\"")) break;
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBeOk(); });
    }

    /// <summary>What is wrong with an answer to hostile input, or null when it is acceptable.</summary>
    private static string? Problem(HttpResponseMessage response, byte[] body, string canaryToken)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}";
        if (body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(canaryToken)) >= 0) return "served bytes of a file outside CAMERA_ROOT";
        if (status < 400 || response.StatusCode == HttpStatusCode.MethodNotAllowed && body.Length == 0) return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
            return $"{status} with content type {response.Content.Headers.ContentType}";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("detail", out var detail)) return $"{status} without detail";
            var text = detail.ToString();
            foreach (var internals in new[] { "BytePositionInLine", "LineNumber", "[Int32]", "[Int64]", "System.", "Exception", "   at " })
                if (text.Contains(internals, StringComparison.Ordinal)) return $"{status} exposes '{internals}': {text}";
        }
        catch (JsonException)
        {
            return $"{status} body is not JSON";
        }
        return null;
    }

    private IEnumerable<(string, Func<HttpRequestMessage>)> UploadCases()
    {
        HttpRequestMessage Upload(string camera, Func<MultipartFormDataContent> form) =>
            new(HttpMethod.Post, $"/api/cameras/{camera}/media") { Content = form() };

        MultipartFormDataContent File(byte[] bytes, string fileName, string field = "file") =>
            new() { { new ByteArrayContent(bytes), field, fileName } };

        var random = new byte[4096];
        Random.Shared.NextBytes(random);
        yield return ("upload without a file field", () => Upload("front", () => File(random, "x.jpg", "other")));
        yield return ("upload of an empty file", () => Upload("front", () => File([], "x.jpg")));
        yield return ("upload of a .txt", () => Upload("front", () => File(random, "notes.txt")));
        yield return ("upload named ../../escape.jpg", () => Upload("front", () => File(random, "../../escape.jpg")));
        yield return ("upload named with NUL", () => RawMultipart("front", "a\0b.jpg", random));
        yield return ("upload of random bytes as .jpg", () => Upload("front", () => File(random, "random.jpg")));
        yield return ("upload to a camera that does not exist", () => Upload("nope", () => File(random, "x.jpg")));
        yield return ("upload to a NUL camera id", () => Upload("%00", () => File(random, "x.jpg")));
        yield return ("upload as JSON", () => JsonRequest(HttpMethod.Post, "/api/cameras/front/media", """{"file":"x"}"""));
        yield return ("upload with a broken multipart boundary", () => new HttpRequestMessage(HttpMethod.Post, "/api/cameras/front/media")
        {
            Content = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabc", Encoding.UTF8)
            {
                Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc") },
            },
        });
        yield return ("upload declaring more than MAX_MEDIA_MB", () =>
        {
            var request = Upload("front", () => File(random, "big.jpg"));
            request.Content!.Headers.ContentLength = 60L * 1024 * 1024;
            return request;
        });
    }

    /// <summary>A multipart upload written by hand, for file names HttpClient refuses to send.</summary>
    private static HttpRequestMessage RawMultipart(string camera, string fileName, byte[] bytes)
    {
        const string boundary = "corpus-boundary";
        var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: image/jpeg\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent([.. head, .. bytes, .. tail]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return new HttpRequestMessage(HttpMethod.Post, $"/api/cameras/{camera}/media") { Content = content };
    }

    private static HttpRequestMessage JsonRequest(HttpMethod method, string url, string body) =>
        new(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + $"…({text.Length})";

    /// <summary>A file outside CAMERA_ROOT with a unique token, and a link to it inside a camera folder.</summary>
    private (string Path, string Token) CreateCanaryOutsideTheRoot()
    {
        var token = "CANARY-" + Guid.NewGuid().ToString("N");
        var path = Path.Combine(App.DataDir, "outside-" + token + ".jpg");
        File.WriteAllText(path, token);
        return (path, token);
    }

    /// <summary>A camera with an analysed image and clip, plus links to the canary in its folder.</summary>
    private async Task<(long ImageDetection, long VideoDetection, Guid Media)> SeedAsync(string canaryPath)
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Front", folder_path = "front" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        var folder = App.CameraFolder("front");
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), camera: "front");
        var clip = PipelineScenario.MakeClip(Path.Combine(FixturePaths.Images, "dog.jpg"), Path.Combine(App.DataDir, "corpus.mp4"), seconds: 2);
        App.Drop(clip, camera: "front");
        File.CreateSymbolicLink(Path.Combine(folder, "leak.jpg"), canaryPath);
        File.CreateSymbolicLink(Path.Combine(folder, "leak.mp4"), canaryPath);

        var items = await Eventually.GetAsync(() => Host.DetectionsAsync(),
            i => i.Any(d => d!.Str("media_type") == "image") && i.Any(d => d!.Str("media_type") == "video"), what: "an image and a video detection");
        var image = items.First(d => d!.Str("media_type") == "image")!;
        var video = items.First(d => d!.Str("media_type") == "video")!;
        await using var session = App.Store.QuerySession();
        var media = await session.Query<MediaView>().FirstAsync();
        return (image["id"]!.GetValue<long>(), video["id"]!.GetValue<long>(), media.Id);
    }
}
