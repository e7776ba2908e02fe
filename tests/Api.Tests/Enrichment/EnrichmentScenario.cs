using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Cameras;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Enrichment;

/// <summary>A camera gets an enrichment test picture; the pipeline detects, enriches and assesses it.</summary>
public static class EnrichmentScenario
{
    /// <summary>Registers front_door, drops <paramref name="picture"/> (under tests/fixtures/enrichment) and waits for its detections.</summary>
    public static async Task<JsonArray> DetectedAsync(this HostFixture app, string picture)
    {
        await app.Host.RegisteredCameraAsync("Front door", "front_door");
        app.Drop(EnrichmentFixturePaths.Picture(picture));
        return await app.Host.WaitForDetectionsAsync(1);
    }

    /// <summary>Polled until the detection's enrichment is recorded (enriched_at set).</summary>
    public static Task<JsonNode> EnrichmentAsync(this IAlbaHost host, long detectionId) =>
        Eventually.GetAsync(() => host.GetJsonAsync($"/api/detections/{detectionId}/enrichment"),
            e => e["enriched_at"] is not null, what: $"detection {detectionId} enriched");

    public static long IdOf(JsonNode detection) => detection["id"]!.GetValue<long>();

    /// <summary>The one event of the test, once its risk is assessed.</summary>
    public static async Task<JsonNode> AssessedEventAsync(this IAlbaHost host) =>
        (await Eventually.GetAsync(() => host.GetJsonAsync("/api/events"),
            page => page["items"]!.AsArray() is [{ } e] && e["risk_score"] is not null, what: "the event, assessed"))["items"]![0]!;
}
