using System.Text.Json.Nodes;
using Alba;
using Hsi.Domain.Enrichment;
using Hsi.Inference.Enrichment;
using Hsi.Inference.Entities;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Entities;

/// <summary>Enrichment results handed to the appearance recorder as the enrichment stage hands them: in its session, then committed.</summary>
public static class EntityScenarios
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly ModelRun Model = new("test", "1", 1);

    public static DetectionEnrichment PersonSeen(long detectionId, float[] embedding) =>
        new(detectionId, "person", null, null, null, null, null, new PersonEmbedding(embedding, Model), [], [], 1);

    public static DetectionEnrichment VehicleSeen(long detectionId, string? plateText) =>
        new(detectionId, "car", null, new LicensePlateGroup(plateText is not null, 0.9, plateText, plateText, 0.9, [1, 2, 3, 4], Model),
            null, null, null, null, [], [], 1);

    public static async Task RecordAsync(this HostFixture app, string cameraId, DateTimeOffset at, params DetectionEnrichment[] detections)
    {
        var recorder = app.Host.Services.GetServices<IAppearanceRecorder>().OfType<AppearanceRecorder>().Single();
        await using var session = app.Store.LightweightSession();
        await recorder.RecordAsync(session, new DetectionEnriched(Guid.CreateVersion7(at), cameraId, detections, at), CancellationToken.None);
        await session.SaveChangesAsync();
    }

    /// <summary>Each picture as one file at its own camera (<c>c1</c> → camera <c>c1</c>), a minute apart, detection ids from <paramref name="firstId"/>.</summary>
    public static async Task<IReadOnlyDictionary<long, ReidPicture>> RecordPicturesAsync(this HostFixture app, IEnumerable<ReidPicture> pictures, long firstId)
    {
        var byDetection = new Dictionary<long, ReidPicture>();
        foreach (var picture in pictures)
        {
            var id = firstId + byDetection.Count;
            byDetection[id] = picture;
            await app.RecordAsync(picture.Camera, Start.AddMinutes(id), PersonSeen(id, picture.Embedding));
        }
        return byDetection;
    }

    /// <summary>The entity whose appearances include <paramref name="detectionId"/> (its detail), found through the list.</summary>
    public static async Task<JsonNode?> EntityOfAsync(this IAlbaHost host, long detectionId)
    {
        var list = await host.GetJsonAsync("/api/entities?limit=1000");
        foreach (var item in list["items"]!.AsArray())
        {
            var detail = await host.GetJsonAsync($"/api/entities/{item!.Str("id")}");
            if (detail["appearances"]!.AsArray().Any(a => a!.Str("detection_id") == detectionId.ToString())) return detail;
        }
        return null;
    }

    public static IReadOnlyList<long> DetectionIds(this JsonNode entity) =>
        [.. entity["appearances"]!.AsArray().Select(a => long.Parse(a!.Str("detection_id")))];
}
