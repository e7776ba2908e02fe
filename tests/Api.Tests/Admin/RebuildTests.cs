using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Detections;
using Hsi.Api.Tests.Entities;
using Hsi.Api.Tests.Jobs;
using Hsi.Api.Tests.Tracks;
using Hsi.Api.Tests.SceneChanges;
using Hsi.Projections.Jobs;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hsi.Api.Tests.Admin;

public class RebuildTests(AppFixture app) : ApiTest(app)
{
    private static string Fixture(string name) => Path.Combine(FixturePaths.Images, name);

    private async Task<JsonArray> AssessedEventsAsync(int count) =>
        await Eventually.GetAsync(
            async () => (await (await Host.Scenario(s => s.Get.Url("/api/events?limit=100"))).JsonAsync())["items"]!.AsArray(),
            items => items.Count >= count && items.All(i => i!["risk_score"] is not null),
            what: $"{count} assessed events");

    /// <summary>Every document of the store (keyed table/id), plus what the read endpoints answer.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, string>();
        var database = Host.Services.GetRequiredService<IDocumentStore>().Storage.Database;
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'hsi' and table_name like 'mt_doc_%' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"select id::text, data::text from hsi.{table}", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) snapshot[$"{table}/{reader.GetString(0)}"] = reader.GetString(1);
        }
        foreach (var url in Urls)
            snapshot[url] = (await (await Host.Scenario(s => s.Get.Url(url))).JsonAsync()).ToJsonString();
        return snapshot;
    }

    private readonly List<string> Urls =
    [
        "/api/cameras", "/api/events?limit=100", "/api/events/stats", "/api/detections?limit=100", "/api/calibration",
        "/api/calibration/history", "/api/ai-audit/stats", "/api/system/config", "/api/system/config/history",
        "/api/cameras/garage/zones", "/api/v1/households", "/api/cameras/front_door/scene-changes",
        "/api/system/anomaly-config", "/api/system/anomaly-config/history",
        "/api/alerts/rules", "/api/alerts?limit=100", "/api/notification-preferences", "/api/notification-preferences/cameras",
        "/api/notification-preferences/quiet-hours",
        "/api/entities?limit=100", "/api/entities/stats",
    ];

    [Fact]
    public async Task Rebuilding_each_projection_alone_gives_back_every_document_as_it_was()
    {
        // A clip walking through an area zone (visits, loitering) and across a line (crossings): the tracking projections.
        await Host.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "Yard", folder_path = "yard" }, 201);
        await Host.SendAsync(HttpMethod.Post, "/api/cameras/yard/zones",
            new { name = "Left", loiter_seconds = 2, coordinates = new[] { new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 }, new[] { 0.5, 1.0 }, new[] { 0.0, 1.0 } } }, 201);
        var line = await Host.SendAsync(HttpMethod.Post, "/api/cameras/yard/zones",
            new { name = "Gate", kind = "line", coordinates = new[] { new[] { 0.36, 0.85 }, new[] { 0.36, 1.0 } } }, 201);
        Urls.Add($"/api/cameras/yard/zones/{line["id"]}/crossings");
        // Rules, preferences and quiet hours before the pictures: the assessed events raise alerts.
        var rule = await Host.SendAsync(HttpMethod.Post, "/api/alerts/rules", new { name = "Anything", cooldown_seconds = 0 }, 201);
        await Host.SendAsync(HttpMethod.Patch, $"/api/alerts/rules/{rule["id"]}", new { severity = "high" });
        var goneRule = await Host.SendAsync(HttpMethod.Post, "/api/alerts/rules", new { name = "Gone", risk_threshold = 100 }, 201);
        await Host.SendAsync(HttpMethod.Delete, $"/api/alerts/rules/{goneRule["id"]}", status: 204);
        await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences", new { sound = "chime", risk_filters = new[] { "critical", "high", "medium", "low" } });
        await Host.SendAsync(HttpMethod.Put, "/api/notification-preferences/cameras/yard", new { risk_threshold = 10 });
        await Host.SendAsync(HttpMethod.Post, "/api/notification-preferences/quiet-hours", new { label = "Siesta", start_time = "13:00", end_time = "14:00" }, 201);
        var goneQuiet = await Host.SendAsync(HttpMethod.Post, "/api/notification-preferences/quiet-hours", new { label = "Gone", start_time = "01:00", end_time = "02:00" }, 201);
        await Host.SendAsync(HttpMethod.Delete, $"/api/notification-preferences/quiet-hours/{goneQuiet["id"]}", status: 204);
        var clip = TrackScenarios.WalkingClip();
        App.Drop(clip, "walk.mp4", camera: "yard");
        await Host.WaitForDetectionsAsync(15);
        File.Delete(clip);
        App.Drop(Fixture("person.jpg"), camera: "front_door");
        App.Drop(Fixture("dog.jpg"), camera: "garage");
        var events = await AssessedEventsAsync(4);
        var first = events[0]!;
        await Host.Scenario(s =>
        {
            s.Patch.Json(new { reviewed = true, notes = "the postman", version = first["version"]!.GetValue<long>() }).ToUrl($"/api/events/{first["id"]}");
            s.StatusCodeShouldBeOk();
        });
        await Host.Scenario(s => { s.Post.Json(new { feedback_type = "false_positive" }).ToUrl($"/api/events/{events[1]!["id"]}/feedback"); s.StatusCodeShouldBeOk(); });
        await Host.Scenario(s => { s.Patch.Json(new { high_threshold = 80 }).ToUrl("/api/calibration"); s.StatusCodeShouldBeOk(); });
        await Host.Scenario(s => { s.Patch.Json(new { name = "Garage door" }).ToUrl("/api/cameras/garage"); s.StatusCodeShouldBeOk(); });
        await Host.Scenario(s => { s.Patch.Json(new { batch_idle_timeout_seconds = 2 }).ToUrl("/api/system/config"); s.StatusCodeShouldBeOk(); });
        await Host.SendAsync(HttpMethod.Patch, "/api/system/anomaly-config", new { threshold_stdev = 3.0, window_days = 14 });
        var zone = await Host.SendAsync(HttpMethod.Post, "/api/cameras/garage/zones",
            new { name = "Drive", zone_type = "driveway", coordinates = new[] { new[] { 0.1, 0.5 }, new[] { 0.9, 0.5 }, new[] { 0.9, 1.0 }, new[] { 0.1, 1.0 } } }, 201);
        await Host.SendAsync(HttpMethod.Patch, $"/api/cameras/garage/zones/{zone["id"]}", new { priority = 40 });
        var gone = await Host.SendAsync(HttpMethod.Post, "/api/cameras/garage/zones",
            new { name = "Gone", coordinates = new[] { new[] { 0.1, 0.1 }, new[] { 0.2, 0.1 }, new[] { 0.2, 0.2 }, new[] { 0.1, 0.2 } } }, 201);
        await Host.SendAsync(HttpMethod.Delete, $"/api/cameras/garage/zones/{gone["id"]}", status: 204);
        await SeedPropertiesAsync();
        App.Drop(App.BlackFrame());
        var blocked = (await Host.WaitForSceneChangesAsync(1)).Single()!;
        await Host.SendAsync(HttpMethod.Post, $"/api/cameras/front_door/scene-changes/{blocked["id"]}/acknowledge");
        var alert = (await Eventually.GetAsync(() => Host.GetJsonAsync("/api/alerts"), a => a["items"]!.AsArray().Count > 0, what: "an alert"))["items"]![0]!;
        await Host.SendAsync(HttpMethod.Post, $"/api/alerts/{alert["id"]}/acknowledge");
        var ids = events.Select(e => e!["id"]!.GetValue<long>()).ToArray();
        var replay = await Host.RunJobAsync("/api/ai-audit/replay", new { event_ids = ids, calibration = new { low_threshold = 5, medium_threshold = 10, high_threshold = 15 } });
        Assert.True(replay["totals"]!["up"]!.GetValue<int>() > 0, "the replay should reassess at least one event");
        var redetect = await Host.RunJobAsync("/api/ai-audit/redetect",
            new { start_date = DateTimeOffset.UtcNow.AddHours(-1), end_date = DateTimeOffset.UtcNow.AddHours(1), confidence_threshold = 0.85 });
        Assert.True(redetect["totals"]!["lost"]!.GetValue<int>() > 0, "the higher threshold should lose detections");
        foreach (var id in ids) Urls.Add($"/api/ai-audit/events/{id}");
        foreach (var file in redetect["media"]!.AsArray()) Urls.Add($"/api/ai-audit/media/{file!.Str("media_id")}");
        // The re-detected files' new detections are enriched by the stage (sent with MediaReanalyzed): settled before the snapshot.
        var enriched = await Eventually.GetAsync(() => Host.DetectionsAsync(),
            items => items.All(d => d!["enrichment_status"]!.Str("status") != "pending"), what: "every detection enriched");
        foreach (var id in ids) Urls.Add($"/api/events/{id}/enrichments");
        Urls.Add($"/api/detections/{enriched[0]!["id"]}/enrichment");

        await SeedEntitiesAsync();
        var before = await SnapshotAsync();
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_cameraview/"));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_entity_appearance/") && d.Value.Contains("\"RejectedBy\": [\""));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_entityview/") && d.Value.Contains("\"TrustStatus\": \"Trusted\""));
        // The baselines' tallies, one per analysed file, re-detected ones included.
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_detectiontallyview/") && d.Value.Contains("\"ObjectType\""));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_anomalyconfigview/"));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_securityeventview/") && d.Value.Contains("\"Reviewed\": true"));
        Assert.NotNull(JsonNode.Parse(before["/api/cameras"])!["items"]![0]!["last_seen_at"]);
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_zonedwellview/") && d.Value.Contains("\"Loitered\": true"));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_zonecrossingsview/"));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_areaview/") && d.Value.Contains("Front Yard"));
        Assert.Contains("Front Yard", before["/api/cameras"]);
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_scenechangeview/") && d.Value.Contains("\"Acknowledged\": true"));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_alertview/") && d.Value.Contains("\"Acknowledged\""));
        Assert.Contains(before, d => d.Key.StartsWith("mt_doc_notificationpreferencesview/") && d.Value.Contains("Siesta"));

        var names = (await (await Host.Scenario(s => s.Get.Url("/api/admin/projections"))).JsonAsync())["items"]!.AsArray()
            .Select(p => p!.Str("name")).ToList();
        Assert.Contains("event_audit_view", names);
        foreach (var name in names.Where(n => n != "job_view"))
        {
            await Host.RunJobAsync($"/api/admin/projections/{name}/rebuild", new { });
            AssertUnchanged(before, await SnapshotAsync(), name);
        }
        // Jobs record themselves in job_view, so it is rebuilt only from a shell (`projections --rebuild -p JobView`), with no job running.
        using var daemon = await App.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync(typeof(JobViewProjection), CancellationToken.None);
        AssertUnchanged(before, await SnapshotAsync(), "job_view");
    }

    /// <summary>Re-identified people (one trusted, one merged in, one appearance rejected) and a known plate.</summary>
    private async Task SeedEntitiesAsync()
    {
        var pictures = Entities.ReidFixtures.All.Where(p => p.Person == "0030").ToList();
        await App.RecordPicturesAsync(pictures, 9000);
        var entities = (await Host.GetJsonAsync("/api/entities?entity_type=person"))["items"]!.AsArray().Select(e => e!.Str("id")).ToList();
        Assert.True(entities.Count >= 2, "the lone c1 picture of person 0030 should start an entity of its own");
        await Host.SendAsync(HttpMethod.Patch, $"/api/entities/{entities[0]}/trust", new { trust_status = "trusted", notes = "family" });
        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entities[0]}/merge", new { entity_id = entities[1] });
        var kept = await Host.GetJsonAsync($"/api/entities/{entities[0]}");
        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entities[0]}/appearances/{kept.DetectionIds()[^1]}/reject");
        await App.RecordAsync("garage", EntityScenarios.Start, EntityScenarios.VehicleSeen(9100, "D 01113"));
    }

    /// <summary>A household with a property and areas (one renamed, one deleted), another household deleted whole, and garage placed and linked.</summary>
    private async Task SeedPropertiesAsync()
    {
        var home = await Host.SendAsync(HttpMethod.Post, "/api/v1/households", new { name = "Home" }, 201);
        var cabin = await Host.SendAsync(HttpMethod.Post, $"/api/v1/households/{home["id"]}/properties", new { name = "Cabin", timezone = "Europe/Oslo" }, 201);
        await Host.SendAsync(HttpMethod.Patch, $"/api/v1/properties/{cabin["id"]}", new { address = "1 Fjord Road" });
        var yard = await Host.SendAsync(HttpMethod.Post, $"/api/v1/properties/{cabin["id"]}/areas", new { name = "Yard", color = "#ff0000" }, 201);
        await Host.SendAsync(HttpMethod.Patch, $"/api/v1/areas/{yard["id"]}", new { name = "Front Yard" });
        var shed = await Host.SendAsync(HttpMethod.Post, $"/api/v1/properties/{cabin["id"]}/areas", new { name = "Shed" }, 201);
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{yard["id"]}/cameras", new { camera_id = "garage" }, 201);
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/areas/{shed["id"]}/cameras", new { camera_id = "garage" }, 201);
        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/areas/{shed["id"]}", status: 204);
        await Host.SendAsync(HttpMethod.Patch, "/api/cameras/garage", new { property_id = cabin["id"]!.GetValue<int>() });
        var gone = await Host.SendAsync(HttpMethod.Post, "/api/v1/households", new { name = "Gone" }, 201);
        var goneProperty = await Host.SendAsync(HttpMethod.Post, $"/api/v1/households/{gone["id"]}/properties", new { name = "Flat" }, 201);
        await Host.SendAsync(HttpMethod.Post, $"/api/v1/properties/{goneProperty["id"]}/areas", new { name = "Hall" }, 201);
        await Host.SendAsync(HttpMethod.Delete, $"/api/v1/households/{gone["id"]}", status: 204);
        Urls.AddRange([$"/api/v1/households/{home["id"]}/properties", $"/api/v1/properties/{cabin["id"]}/areas", $"/api/v1/areas/{yard["id"]}/cameras"]);
    }

    /// <summary>Every document and answer as before; only the rebuild jobs themselves are new (in job_view).</summary>
    private static void AssertUnchanged(Dictionary<string, string> before, Dictionary<string, string> after, string rebuilt)
    {
        foreach (var (key, value) in before)
            Assert.True(after.TryGetValue(key, out var now) && value == now, $"after rebuilding {rebuilt}, {key} differs:\nbefore: {value}\nafter:  {now}");
        var added = after.Keys.Except(before.Keys).Where(k => !k.StartsWith("mt_doc_jobview/")).ToList();
        Assert.True(added.Count == 0, $"after rebuilding {rebuilt}, new documents: {string.Join(", ", added)}");
    }
}
