using System.Text.Json.Nodes;
using Alba;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Common;
using Marten;
using SkiaSharp;

namespace Hsi.Api.Tests.SceneChanges;

/// <summary>Pictures for the scene check, dropped into camera folders, and what the API then lists.</summary>
public static class SceneChangeScenarios
{
    public static string Fixture(string name) => Path.Combine(FixturePaths.Images, name);

    /// <summary>The fixture encoded again (other bytes, so de-duplication lets it through; the same view).</summary>
    public static string ReEncoded(this HostFixture app, string fixture, string name)
    {
        using var picture = SKBitmap.Decode(Fixture(fixture));
        return Write(app, picture, name, quality: 70);
    }

    /// <summary>A black picture the size of the fixtures: a lens covered.</summary>
    public static string BlackFrame(this HostFixture app, string name = "black.jpg")
    {
        using var picture = new SKBitmap(640, 480);
        picture.Erase(SKColors.Black);
        return Write(app, picture, name, quality: 90);
    }

    private static string Write(HostFixture app, SKBitmap picture, string name, int quality)
    {
        var path = Path.Combine(app.DataDir, name);
        using var data = picture.Encode(SKEncodedImageFormat.Jpeg, quality);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>The camera's scene stream once it holds at least <paramref name="events"/> events (the first is the reference).</summary>
    public static Task<long> WaitForSceneEventsAsync(this HostFixture app, int events, string camera = "front_door") =>
        Eventually.GetAsync(async () =>
        {
            await using var query = app.Store.QuerySession();
            return (await query.Events.FetchStreamStateAsync(StreamKeys.Scene(camera)))?.Version ?? 0;
        }, v => v >= events, what: $"{events} events on scene:{camera}");

    public static async Task<JsonNode> SceneChangesAsync(this IAlbaHost host, string camera = "front_door", string query = "") =>
        await host.GetJsonAsync($"/api/cameras/{camera}/scene-changes{query}");

    public static async Task<JsonArray> WaitForSceneChangesAsync(this IAlbaHost host, int count, string camera = "front_door") =>
        await Eventually.GetAsync(async () => (await host.SceneChangesAsync(camera))["items"]!.AsArray(),
            items => items.Count >= count, what: $"{count} scene changes on {camera}");

    /// <summary>Polled: a picture's detections are listed once its analysis committed (and with it, its scene check was queued).</summary>
    public static Task<JsonArray> WaitForAnalysisAsync(this IAlbaHost host, string fileName) =>
        Eventually.GetAsync(() => host.DetectionsAsync(), items => items.Any(i => i!.Str("file_path").EndsWith(fileName)), what: $"detections of {fileName}");
}
