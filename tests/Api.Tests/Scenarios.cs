using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests;

/// <summary>
/// Requests and responses every area's scenarios share: one request with the status it must answer,
/// and its body read into a small record. Starting states live with their area (CameraScenarios,
/// EventScenarios, PipelineScenario, JobScenarios).
/// </summary>
public static class Scenarios
{
    /// <summary>The API's wire names are snake_case: a record's properties read them without attributes.</summary>
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<JsonNode> JsonAsync(this IScenarioResult result) =>
        JsonNode.Parse(await result.ReadAsTextAsync())!;

    /// <summary>A response body read into a record named for what it is.</summary>
    public static T As<T>(this JsonNode node) => node.Deserialize<T>(Wire)!;

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static string Body(object value) => JsonSerializer.Serialize(value);

    /// <summary>Sends <paramref name="body"/> as JSON and checks the status; the response body (<c>{}</c> when it has none).</summary>
    public static async Task<JsonNode> SendAsync(this IAlbaHost host, HttpMethod method, string url, object? body = null, int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(url);
            else if (method == HttpMethod.Delete) s.Delete.Url(url);
            else if (method == HttpMethod.Patch) s.Patch.Json(body!).ToUrl(url);
            else if (method == HttpMethod.Put) s.Put.Json(body!).ToUrl(url);
            else if (body is null) s.Post.Url(url);
            else s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });
        var text = await result.ReadAsTextAsync();
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Sends <paramref name="json"/> exactly as written (malformed, or typed wrong on purpose) and checks the status.</summary>
    public static async Task<JsonNode> SendTextAsync(this IAlbaHost host, HttpMethod method, string url, string json, int status)
    {
        var result = await host.Scenario(s =>
        {
            if (method == HttpMethod.Patch) s.Patch.Text(json).ToUrl(url);
            else if (method == HttpMethod.Put) s.Put.Text(json).ToUrl(url);
            else s.Post.Text(json).ToUrl(url);
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(status);
        });
        return await result.JsonAsync();
    }

    public static Task<JsonNode> GetJsonAsync(this IAlbaHost host, string url, int status = 200) =>
        host.SendAsync(HttpMethod.Get, url, status: status);
}

/// <summary>A 4xx body's <c>detail</c> when it is one sentence.</summary>
public sealed record ErrorBody(string Detail);

/// <summary>A 409 body: what the client should retry with.</summary>
public sealed record ConflictBody(string Detail, long CurrentVersion);
