using System.Text.Json.Nodes;
using Hsi.Api.Tests.Detections;
using Hsi.Api.Tests.Jobs;
using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Marten;
using static Hsi.Api.Tests.Enrichment.EnrichmentScenario;

namespace Hsi.Api.Tests.Enrichment;

/// <summary>The real detector, then the real enrichment models, on the enrichment fixtures (tests/fixtures/enrichment).</summary>
public class EnrichmentPipelineTests(AppFixture app) : ApiTest(app)
{
    private static readonly string[] NoModelHere = ["clothing", "violence", "weather", "pose", "depth"];

    [Fact]
    public async Task The_people_of_group_2_have_their_faces_found_and_the_event_and_its_audit_know_it()
    {
        var detections = await App.DetectedAsync("faces/group_2.jpg");
        var people = detections.Where(d => d!.Str("object_type") == "person").Select(d => IdOf(d!)).ToList();
        Assert.NotEmpty(people);

        var enrichments = new List<JsonNode>();
        foreach (var id in people) enrichments.Add(await Host.EnrichmentAsync(id));
        // YOLOX finds the four people and YuNet runs on each person's crop: every one shows a face (a crop that
        // overlaps a neighbour may see that face too, so the sum can be more than four).
        Assert.Equal(4, people.Count);
        Assert.All(enrichments, e => Assert.True(e["face"]!["detected"]!.GetValue<bool>() && e["face"]!["count"]!.GetValue<int>() >= 1));
        var faces = enrichments.Sum(e => e["face"]!["count"]!.GetValue<int>());
        Assert.All(enrichments, e =>
        {
            Assert.Equal("yunet", e["face"]!["model_info"]!.Str("model_name"));
            Assert.NotNull(e["image_quality"]!["score"]);
            Assert.Null(e["license_plate"]);
            Assert.All(NoModelHere, group => Assert.Null(e[group]));
            Assert.Equal("complete", e["enrichment_status"]!.Str("status"));
        });

        var detection = await Host.GetJsonAsync($"/api/detections/{people[0]}");
        Assert.Equal("complete", detection["enrichment_status"]!.Str("status"));
        Assert.Contains("yunet", detection["enrichment_status"]!["successful_models"]!.AsArray().Select(m => m!.GetValue<string>()));

        var ev = await Host.AssessedEventAsync();
        Assert.Equal("complete", ev["enrichment_status"]!.Str("status"));
        var audit = await Host.GetJsonAsync($"/api/ai-audit/events/{ev["id"]}");
        var decision = audit["decisions"]![0]!;
        Assert.Equal("complete", decision["inputs"]!["enrichment_summary"]!.Str("status"));
        var facts = decision["inputs"]!["detection_enrichments"]!.AsArray();
        Assert.Equal(faces, facts.Sum(f => f!["face_count"]?.GetValue<int>() ?? 0));
    }

    [Fact]
    public async Task The_plate_of_plate_2_is_read_on_the_car()
    {
        var detections = await App.DetectedAsync("plates/plate_2.jpg");
        var vehicles = detections.Where(d => d!.Str("object_type") is "car" or "truck" or "bus").Select(d => IdOf(d!)).ToList();
        Assert.NotEmpty(vehicles);
        var plates = new List<JsonNode>();
        foreach (var id in vehicles) plates.Add(await Host.EnrichmentAsync(id));
        var read = Assert.Single(plates, p => p["license_plate"]?["text"]?.GetValue<string>().Contains("D01113") == true);
        Assert.True(read["license_plate"]!["detected"]!.GetValue<bool>());
        Assert.Equal(4, read["license_plate"]!["bbox"]!.AsArray().Count);
        Assert.NotNull(read["vehicle"]!["color"]);
    }

    [Fact]
    public async Task An_events_enrichments_come_a_page_at_a_time()
    {
        var detections = await App.DetectedAsync("faces/group_2.jpg");
        foreach (var d in detections) await Host.EnrichmentAsync(IdOf(d!));
        var ev = await Host.AssessedEventAsync();
        var all = await Host.GetJsonAsync($"/api/events/{ev["id"]}/enrichments");
        var total = all["total"]!.GetValue<int>();
        Assert.Equal(detections.Count, total);
        Assert.Equal((total, 50, 0, false), (all["count"]!.GetValue<int>(), all["limit"]!.GetValue<int>(), all["offset"]!.GetValue<int>(), all["has_more"]!.GetValue<bool>()));

        var first = await Host.GetJsonAsync($"/api/events/{ev["id"]}/enrichments?limit=1");
        Assert.Equal((1, total, total > 1), (first["count"]!.GetValue<int>(), first["total"]!.GetValue<int>(), first["has_more"]!.GetValue<bool>()));
        var last = await Host.GetJsonAsync($"/api/events/{ev["id"]}/enrichments?limit=1&offset={total - 1}");
        Assert.False(last["has_more"]!.GetValue<bool>());
        Assert.Equal(all["enrichments"]![total - 1]!["detection_id"]!.GetValue<long>(), last["enrichments"]![0]!["detection_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_ids_are_404_non_integers_and_limits_out_of_range_422()
    {
        await Host.GetJsonAsync("/api/detections/987654321/enrichment", 404);
        await Host.GetJsonAsync("/api/detections/abc/enrichment", 422);
        await Host.GetJsonAsync("/api/events/987654321/enrichments", 404);
        await Host.GetJsonAsync("/api/events/abc/enrichments", 422);
        await Host.GetJsonAsync("/api/events/1/enrichments?limit=0", 422);
        await Host.GetJsonAsync("/api/events/1/enrichments?limit=201", 422);
        await Host.GetJsonAsync("/api/events/1/enrichments?offset=-1", 422);
        await Host.GetJsonAsync("/api/events/1/enrichments?limit=x", 422);
        await Host.GetJsonAsync("/api/system/models/no_such_model", 404);
        await Host.GetJsonAsync($"/api/system/models/{new string('m', 101)}", 422);
        await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/reenrich", new { }, 422);
    }

    [Fact]
    public async Task The_model_list_says_which_models_are_loaded_and_that_no_model_here_fills_clothing()
    {
        // The models load with the stage's first use.
        var detections = await App.DetectedAsync("faces/group_2.jpg");
        await Host.EnrichmentAsync(IdOf(detections[0]!));
        var models = (await Host.GetJsonAsync("/api/system/models"))["items"]!.AsArray();
        var byName = models.ToDictionary(m => m!.Str("name"), m => m!);
        Assert.Equal("loaded", byName["yunet"].Str("status"));
        Assert.NotNull(byName["yunet"]["inference_p50_ms"]);
        Assert.All(NoModelHere, group => Assert.Equal("unavailable", byName[group].Str("status")));
        var one = await Host.GetJsonAsync("/api/system/models/yunet");
        Assert.Equal(("yunet", "face", true), (one.Str("name"), one.Str("category"), one["available"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_reenrich_job_appends_a_second_enrichment_and_the_first_stays_in_the_stream()
    {
        var detections = await App.DetectedAsync("faces/group_2.jpg");
        var id = IdOf(detections[0]!);
        await Host.EnrichmentAsync(id);
        var mediaId = await MediaOfAsync(id);

        var accepted = await Host.SendAsync(HttpMethod.Post, "/api/ai-audit/reenrich", new { media_ids = new[] { mediaId } }, 202);
        var jobId = Guid.Parse(accepted.Str("job_id"));
        var job = await Host.FinishedJobAsync(jobId);
        Assert.Equal(("completed", 100), (job.Status, job.Progress));
        Assert.Equal(1, job.Result!["totals"]!["enriched"]!.GetValue<int>());

        await using var session = App.Store.QuerySession();
        var enriched = (await session.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Select(e => e.Data).OfType<DetectionEnriched>().ToList();
        Assert.Equal([null, jobId], enriched.Select(e => e.ReplayId));
        var now = await Host.GetJsonAsync($"/api/detections/{id}/enrichment");
        Assert.Equal(jobId, now["replay_id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_redetect_enriches_the_new_detections()
    {
        var detections = await App.DetectedAsync("faces/group_2.jpg");
        var before = detections.Select(d => IdOf(d!)).ToHashSet();
        await Host.EnrichmentAsync(before.First());
        var mediaId = await MediaOfAsync(before.First());

        await Host.RunJobAsync("/api/ai-audit/redetect", new { media_ids = new[] { mediaId } });
        var redetected = await Eventually.GetAsync(() => Host.DetectionsAsync(),
            items => items.Count > 0 && items.All(d => !before.Contains(IdOf(d!))), what: "the new detections");
        foreach (var d in redetected) Assert.Equal("complete", (await Host.EnrichmentAsync(IdOf(d!)))["enrichment_status"]!.Str("status"));

        await using var session = App.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Select(e => e.Data).ToList();
        Assert.Equal(2, events.OfType<DetectionEnriched>().Count());
        Assert.IsType<DetectionEnriched>(events[^1]);
        Assert.Contains(events, e => e is MediaReanalyzed);
    }

    private async Task<Guid> MediaOfAsync(long detectionId)
    {
        await using var session = App.Store.QuerySession();
        return (await session.LoadAsync<Hsi.Projections.Detections.DetectionView>(detectionId))!.MediaId;
    }
}
