using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests;

public static class Json
{
    public static async Task<JsonNode> JsonAsync(this IScenarioResult result) =>
        JsonNode.Parse(await result.ReadAsTextAsync())!;

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static string Body(object value) => JsonSerializer.Serialize(value);
}
