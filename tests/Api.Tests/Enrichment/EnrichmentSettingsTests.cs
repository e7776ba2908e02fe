using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Marten;
using static Hsi.Api.Tests.Enrichment.EnrichmentScenario;

namespace Hsi.Api.Tests.Enrichment;

/// <summary>A host whose face model file is missing: the face group is null and the model unavailable, the other groups fill.</summary>
public sealed class MissingFaceModelFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["ENRICHMENT_MODEL_DIR"] = EnrichmentFixturePaths.Models,
        ["ENRICHMENT_YUNET_PATH"] = Path.Combine(DataDir, "no-such-yunet.onnx"),
    };
}

[CollectionDefinition(Name)]
public sealed class MissingFaceModelCollection : ICollectionFixture<MissingFaceModelFixture>
{
    public const string Name = "enrichment-missing-model";
}

[Collection(MissingFaceModelCollection.Name)]
public class MissingModelTests(MissingFaceModelFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_missing_model_file_leaves_its_group_null_and_the_model_unavailable_while_the_others_fill()
    {
        var detections = await app.DetectedAsync("faces/group_2.jpg");
        var person = detections.First(d => d!.Str("object_type") == "person");
        var enrichment = await app.Host.EnrichmentAsync(IdOf(person!));
        Assert.Null(enrichment["face"]);
        Assert.Contains("face", enrichment["unavailable"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.NotNull(enrichment["image_quality"]!["score"]);
        Assert.Equal("complete", enrichment["enrichment_status"]!.Str("status"));

        var yunet = await app.Host.GetJsonAsync("/api/system/models/yunet");
        Assert.Equal(("unavailable", false), (yunet.Str("status"), yunet["available"]!.GetValue<bool>()));
        Assert.Equal("loaded", (await app.Host.GetJsonAsync("/api/system/models/osnet")).Str("status"));
    }
}

/// <summary>A host with the enrichment stage off (ENRICHMENT_ENABLED=false).</summary>
public sealed class EnrichmentOffFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["ENRICHMENT_ENABLED"] = "false" };
}

[CollectionDefinition(Name)]
public sealed class EnrichmentOffCollection : ICollectionFixture<EnrichmentOffFixture>
{
    public const string Name = "enrichment-off";
}

[Collection(EnrichmentOffCollection.Name)]
public class EnrichmentOffTests(EnrichmentOffFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_the_stage_off_nothing_is_enriched_and_detections_and_events_say_disabled()
    {
        var detections = await app.DetectedAsync("faces/group_2.jpg");
        var ev = await app.Host.AssessedEventAsync();
        Assert.Equal("disabled", ev["enrichment_status"]!.Str("status"));
        var id = IdOf(detections[0]!);
        Assert.Equal("disabled", (await app.Host.GetJsonAsync($"/api/detections/{id}"))["enrichment_status"]!.Str("status"));
        var enrichment = await app.Host.GetJsonAsync($"/api/detections/{id}/enrichment");
        Assert.Null(enrichment["enriched_at"]);
        Assert.Equal("disabled", enrichment["enrichment_status"]!.Str("status"));

        await using var session = app.Store.QuerySession();
        Assert.Equal(0, await session.Events.QueryRawEventDataOnly<DetectionEnriched>().CountAsync());
        Assert.Equal("unavailable", (await app.Host.GetJsonAsync("/api/system/models/yunet")).Str("status"));
        await app.Host.SendAsync(HttpMethod.Post, "/api/ai-audit/reenrich", new { media_ids = new[] { Guid.NewGuid() } }, 400);
    }
}
