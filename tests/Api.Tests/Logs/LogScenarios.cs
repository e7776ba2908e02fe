using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests.Logs;

/// <summary>Requests of the log tests: browser reports to ingest and the log list to read.</summary>
public static class LogScenarios
{
    /// <summary>A component no earlier run left in the shared log table.</summary>
    public static string NewComponent(string what) => $"{what}-{Guid.NewGuid():N}"[..30];

    /// <summary>A browser's report, with <paramref name="more"/> fields (extra, url, user_agent) when given.</summary>
    public static Task<JsonNode> ReportAsync(this IAlbaHost host, string component, string message, string level = "INFO", JsonObject? more = null)
    {
        var body = new JsonObject { ["level"] = level, ["component"] = component, ["message"] = message };
        foreach (var (name, value) in more ?? []) body[name] = value?.DeepClone();
        return host.SendAsync(HttpMethod.Post, "/api/logs/frontend", body, status: 201);
    }

    public static async Task<JsonArray> ItemsAsync(this IAlbaHost host, string query) =>
        (await host.GetJsonAsync("/api/logs?" + query))["items"]!.AsArray();

    /// <summary>The lines the log list shows for <paramref name="query"/>, once <paramref name="done"/> holds (the sink writes in batches).</summary>
    public static Task<JsonArray> EventuallyItemsAsync(this IAlbaHost host, string query, Func<JsonArray, bool> done, string what) =>
        Eventually.GetAsync(() => host.ItemsAsync(query), done, what: what);

    public static IEnumerable<string> Messages(this JsonArray items) => items.Select(i => i!.Str("message"));
}
