using Hsi.Api.Tests.SecurityEvents;
using Hsi.Domain.Entities;
using Hsi.Domain.SecurityEvents;
using Hsi.Inference.Risk;
using Wolverine.Tracking;

namespace Hsi.Api.Tests.Entities;

/// <summary>
/// Re-identification on the re-ID fixtures with the real OSNet embeddings, driven through the appearance
/// recorder the enrichment stage calls, and the entity endpoints on real PostgreSQL.
/// </summary>
public class EntityTests(AppFixture app) : ApiTest(app)
{
    private const long QueryDetection = 1000;

    private static ReidPicture Query => ReidFixtures.All.Single(p => p.Name == "query_0030_c1_f0056923");

    /// <summary>The gallery, less the frame the query itself was cut from: the query must find person 0030 by other pictures.</summary>
    private static IEnumerable<ReidPicture> Gallery => ReidFixtures.All.Where(p => p.Role == "gallery" && !(p.Person == "0030" && p.Name.EndsWith("f0056923")));

    private async Task<(IReadOnlyDictionary<long, ReidPicture> Pictures, string EntityId)> GalleryAndQueryAsync()
    {
        var pictures = new Dictionary<long, ReidPicture>(await App.RecordPicturesAsync(Gallery, 1)) { [QueryDetection] = Query };
        await App.RecordAsync(Query.Camera, EntityScenarios.Start.AddHours(1), EntityScenarios.PersonSeen(QueryDetection, Query.Embedding));
        var entity = await Host.EntityOfAsync(QueryDetection);
        Assert.NotNull(entity);
        return (pictures, entity!.Str("id"));
    }

    [Fact]
    public async Task The_query_of_person_0030_joins_the_entity_of_its_gallery_pictures_from_another_camera_and_no_other_persons()
    {
        var (pictures, entityId) = await GalleryAndQueryAsync();

        var entity = await Host.GetJsonAsync($"/api/entities/{entityId}");
        var members = entity.DetectionIds().Select(id => pictures[id]).ToList();
        Assert.All(members, p => Assert.Equal("0030", p.Person));
        Assert.Contains(members, p => p.Role == "gallery" && p.Camera != Query.Camera);
        Assert.Equal("person", entity.Str("entity_type"));
        Assert.Equal("unclassified", entity.Str("trust_status"));
        Assert.Equal(members.Count, entity["appearance_count"]!.GetValue<int>());
        Assert.Equal(members.Select(p => p.Camera).Distinct().Order(), entity["cameras_seen"]!.AsArray().Select(c => c!.GetValue<string>()));
        var joined = entity["appearances"]!.AsArray().Single(a => a!.Str("detection_id") == QueryDetection.ToString())!;
        Assert.InRange(joined["similarity_score"]!.GetValue<double>(), 0.70, 1.0);

        // No other person shares an entity with anyone else: every entity is one person.
        var list = await Host.GetJsonAsync("/api/entities?entity_type=person&limit=1000");
        foreach (var item in list["items"]!.AsArray())
        {
            var other = await Host.GetJsonAsync($"/api/entities/{item!.Str("id")}");
            Assert.Single(other.DetectionIds().Select(id => pictures[id].Person).Distinct());
        }

        var matches = await Host.GetJsonAsync($"/api/entities/matches/{QueryDetection}");
        var top = matches["matches"]!.AsArray()[0]!;
        Assert.Equal("0030", pictures[long.Parse(top.Str("detection_id"))].Person);
        Assert.Equal(entityId, top.Str("entity_id"));
        Assert.Equal(0.70, matches["threshold"]!.GetValue<double>(), 3);
        var loose = await Host.GetJsonAsync($"/api/entities/matches/{QueryDetection}?threshold=0");
        Assert.Equal(pictures.Count - 1, loose["total_matches"]!.GetValue<int>());
        await Host.GetJsonAsync("/api/entities/matches/424242", 404);
        await Host.GetJsonAsync($"/api/entities/matches/{QueryDetection}?threshold=1.5", 422);
    }

    [Fact]
    public async Task Trusting_that_entity_lowers_the_next_events_score_through_the_rule_table()
    {
        var (_, entityId) = await GalleryAndQueryAsync();
        var twoAm = new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);
        var gallery0030 = Gallery.First(p => p.Person == "0030" && p.Camera == "c2");

        // Event 1: a person recognised as the (unclassified) entity; event 2 the same after it is trusted.
        var before = await App.Store.ClosedEventAsync(1, "porch", twoAm, "person");
        await App.RecordAsync("porch", twoAm, EntityScenarios.PersonSeen(before.DetectionIds[0], gallery0030.Embedding));
        await Host.InvokeMessageAndWaitAsync(new AssessRisk(1));

        var trusted = await Host.SendAsync(HttpMethod.Patch, $"/api/entities/{entityId}/trust", new { trust_status = "trusted", notes = "lives here" });
        Assert.Equal(("trusted", "lives here"), (trusted.Str("trust_status"), trusted.Str("trust_notes")));
        await using (var query = App.Store.QuerySession())
            Assert.Equal((await query.Events.FetchStreamStateAsync($"entity:{entityId}"))!.Version, trusted["version"]!.GetValue<long>());

        var after = await App.Store.ClosedEventAsync(2, "porch", twoAm, "person");
        await App.RecordAsync("porch", twoAm, EntityScenarios.PersonSeen(after.DetectionIds[0], Query.Embedding));
        await Host.InvokeMessageAndWaitAsync(new AssessRisk(2));

        var first = Assert.Single(await App.Store.AssessmentsAsync(1)).Decision;
        var second = Assert.Single(await App.Store.AssessmentsAsync(2)).Decision;
        var recognised = Assert.Single(second.Inputs.Entities!);
        Assert.Equal((Guid.Parse(entityId), TrustStatus.Trusted, false), (recognised.EntityId, recognised.TrustStatus, recognised.IsNew));
        Assert.Equal(TrustStatus.Unclassified, Assert.Single(first.Inputs.Entities!).TrustStatus);
        Assert.Equal(-30, Assert.Single(second.RiskFactors, f => f.Factor == "trusted_entity").Points);
        Assert.Equal(first.RiskScore - 30, second.RiskScore);
        Assert.Equal(RuleBasedRiskAnalyzer.RulesVersion, second.Analyzer.Version);

        await Host.SendAsync(HttpMethod.Patch, $"/api/entities/{entityId}/trust", new { trust_status = "bogus" }, 422);
        await Host.SendAsync(HttpMethod.Patch, $"/api/entities/{entityId}/trust", new { notes = "no status" }, 422);
        await Host.SendAsync(HttpMethod.Patch, $"/api/entities/{entityId}/trust", new { trust_status = "trusted", notes = new string('n', 501) }, 422);
        var stale = await Host.SendAsync(HttpMethod.Patch, $"/api/entities/{entityId}/trust", new { trust_status = "untrusted", version = 1 }, 409);
        Assert.True(stale["current_version"]!.GetValue<long>() > 1);
        var listed = await Host.GetJsonAsync("/api/entities/trusted");
        Assert.Equal(entityId, Assert.Single(listed["items"]!.AsArray())!.Str("id"));
        Assert.Empty((await Host.GetJsonAsync("/api/entities/untrusted"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_rejected_appearance_leaves_and_its_embedding_never_rejoins_the_entity()
    {
        var (_, entityId) = await GalleryAndQueryAsync();

        var rejected = await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entityId}/appearances/{QueryDetection}/reject");
        Assert.DoesNotContain(QueryDetection, rejected.DetectionIds());

        // The same detection again (a retried message), and the same picture as a new detection: neither joins it.
        await App.RecordAsync(Query.Camera, EntityScenarios.Start.AddHours(2), EntityScenarios.PersonSeen(QueryDetection, Query.Embedding));
        await App.RecordAsync(Query.Camera, EntityScenarios.Start.AddHours(2), EntityScenarios.PersonSeen(QueryDetection + 1, Query.Embedding));
        var entity = await Host.GetJsonAsync($"/api/entities/{entityId}");
        Assert.DoesNotContain(QueryDetection, entity.DetectionIds());
        Assert.DoesNotContain(QueryDetection + 1, entity.DetectionIds());
        var elsewhere = await Host.EntityOfAsync(QueryDetection + 1);
        Assert.NotEqual(entityId, elsewhere!.Str("id"));

        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entityId}/appearances/{QueryDetection}/reject", status: 404);
    }

    [Fact]
    public async Task A_merge_moves_the_appearances_and_the_absorbed_entity_is_gone()
    {
        var (pictures, entityId) = await GalleryAndQueryAsync();
        var lone = pictures.Single(p => p.Value.Name == "gallery_0030_c1_f0057283").Key;
        var other = (await Host.EntityOfAsync(lone))!;
        Assert.NotEqual(entityId, other.Str("id"));
        var moving = other.DetectionIds();

        var merged = await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entityId}/merge", new { entity_id = other.Str("id") });
        Assert.All(moving, id => Assert.Contains(id, merged.DetectionIds()));
        await Host.GetJsonAsync($"/api/entities/{other.Str("id")}", 404);
        Assert.Equal(entityId, (await Host.EntityOfAsync(lone))!.Str("id"));

        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entityId}/merge", new { entity_id = entityId }, 422);
        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entityId}/merge", new { }, 422);
        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entityId}/merge", new { source_entity_id = Guid.CreateVersion7() }, 404);
        await App.RecordAsync("drive", EntityScenarios.Start, EntityScenarios.VehicleSeen(5000, "AB 123"));
        var car = (await Host.EntityOfAsync(5000))!.Str("id");
        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{entityId}/merge", new { entity_id = car }, 400);
    }

    [Fact]
    public async Task Vehicles_with_a_read_plate_are_one_entity_per_normalised_plate()
    {
        await App.RecordAsync("drive", EntityScenarios.Start, EntityScenarios.VehicleSeen(1, "d 01113"), EntityScenarios.VehicleSeen(2, "D-01113"));
        await App.RecordAsync("street", EntityScenarios.Start.AddHours(1), EntityScenarios.VehicleSeen(3, "D01113"), EntityScenarios.VehicleSeen(4, "XY 9"),
            EntityScenarios.VehicleSeen(5, null));

        var vehicles = (await Host.GetJsonAsync("/api/entities?entity_type=vehicle"))["items"]!.AsArray();
        Assert.Equal(["D01113", "XY9"], vehicles.Select(v => v!.Str("plate")).Order());
        var plate = vehicles.Single(v => v!.Str("plate") == "D01113")!;
        Assert.Equal(3, plate["appearance_count"]!.GetValue<int>());
        Assert.Equal(["drive", "street"], plate["cameras_seen"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Empty((await Host.GetJsonAsync("/api/entities?entity_type=person"))["items"]!.AsArray());
        Assert.Single((await Host.GetJsonAsync("/api/entities?camera_id=drive"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Stats_count_only_the_appearances_between_since_and_until()
    {
        await App.RecordAsync("drive", EntityScenarios.Start, EntityScenarios.VehicleSeen(1, "AB1"), EntityScenarios.VehicleSeen(2, "CD2"));
        await App.RecordAsync("street", EntityScenarios.Start.AddDays(1), EntityScenarios.VehicleSeen(3, "AB1"));
        await App.RecordAsync("street", EntityScenarios.Start.AddDays(2), EntityScenarios.VehicleSeen(4, "AB1"));

        var all = await Host.GetJsonAsync("/api/entities/stats");
        Assert.Equal((2, 4, 1), (all["total_entities"]!.GetValue<int>(), all["total_appearances"]!.GetValue<int>(), all["repeat_visitors"]!.GetValue<int>()));
        Assert.Equal(2, all["by_type"]!["vehicle"]!.GetValue<int>());

        var since = Uri.EscapeDataString(EntityScenarios.Start.AddHours(12).ToString("O"));
        var until = Uri.EscapeDataString(EntityScenarios.Start.AddDays(1).AddHours(12).ToString("O"));
        var window = await Host.GetJsonAsync($"/api/entities/stats?since={since}&until={until}");
        Assert.Equal((1, 1, 0), (window["total_entities"]!.GetValue<int>(), window["total_appearances"]!.GetValue<int>(), window["repeat_visitors"]!.GetValue<int>()));
        Assert.Equal(1, window["by_camera"]!["street"]!.GetValue<int>());
        Assert.Null(window["by_camera"]!["drive"]);
        Assert.NotNull(window["time_range"]!["since"]);
        await Host.GetJsonAsync($"/api/entities/stats?since={until}&until={since}", 400);
    }

    [Fact]
    public async Task An_entity_id_that_is_not_a_uuid_is_422_and_an_unknown_one_404()
    {
        foreach (var url in new[] { "/api/entities/not-a-uuid", "/api/entities/not-a-uuid/history", "/api/entities/v2", "/api/entities?limit=0",
                     "/api/entities?entity_type=animal", "/api/entities?trust_status=unknown", "/api/entities/matches/abc" })
            await Host.GetJsonAsync(url, 422);
        await Host.SendAsync(HttpMethod.Patch, "/api/entities/not-a-uuid/trust", new { trust_status = "trusted" }, 422);
        var unknown = Guid.CreateVersion7();
        await Host.GetJsonAsync($"/api/entities/{unknown}", 404);
        await Host.GetJsonAsync($"/api/entities/{unknown}/history", 404);
        await Host.SendAsync(HttpMethod.Patch, $"/api/entities/{unknown}/trust", new { trust_status = "trusted" }, 404);
        await Host.SendAsync(HttpMethod.Post, $"/api/entities/{unknown}/appearances/1/reject", status: 404);
        var empty = await Host.GetJsonAsync("/api/entities");
        Assert.Equal(0, empty["pagination"]!["total"]!.GetValue<int>());
    }
}
