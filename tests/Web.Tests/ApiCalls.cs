using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hsi.Web.Tests;

/// <summary>The REST calls tests make to set a scene up, as any client would.</summary>
public static class ApiCalls
{
    public static HttpClient Client(this DashboardFixture app, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    public static async Task<JsonObject> PostJsonAsync(this HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A camera on folder <paramref name="id"/> under CAMERA_ROOT.</summary>
    public static async Task<string> CreateCameraAsync(this DashboardFixture app, string id, string? name = null, string? apiKey = null)
    {
        // Created before its folder: the watcher registers a new folder as a camera of its own.
        var camera = await app.Client(apiKey).PostJsonAsync("/api/cameras", new { name = name ?? id, folder_path = id });
        Directory.CreateDirectory(Path.Combine(app.CameraRoot, id));
        return camera["id"]!.GetValue<string>();
    }

    /// <summary>Polls the events list until <paramref name="count"/> events exist (a generous bound, not a timing claim).</summary>
    public static async Task<JsonArray> WaitForEventsAsync(this DashboardFixture app, int count, string? apiKey = null, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var items = (await app.Client(apiKey).GetJsonAsync("/api/events?limit=100"))["items"]!.AsArray();
            if (items.Count >= count) return items;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{items.Count} of {count} events after {seconds} s");
            await Task.Delay(250);
        }
    }
}
