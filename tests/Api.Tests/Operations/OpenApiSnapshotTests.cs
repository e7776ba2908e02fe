using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests.Operations;

/// <summary>
/// The dashboard's client is generated from web/openapi.json: it must be the document the API serves
/// (UPDATE_OPENAPI_SNAPSHOT=1 rewrites it), and that document must type what responses always carry.
/// </summary>
public sealed class OpenApiSnapshotTests(AppFixture app) : ApiTest(app)
{
    private static string SnapshotPath => Path.Combine(FixturePaths.RepositoryRoot, "web", "openapi.json");

    private async Task<JsonNode> ServedAsync() =>
        (await (await Host.Scenario(s => { s.Get.Url("/openapi.json"); s.StatusCodeShouldBe(200); })).JsonAsync())!;

    [Fact]
    public async Task The_dashboards_copy_of_the_document_is_the_one_served()
    {
        var served = await ServedAsync();
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI_SNAPSHOT") == "1")
            await File.WriteAllTextAsync(SnapshotPath, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(SnapshotPath));
        Assert.True(JsonNode.DeepEquals(served, committed),
            "web/openapi.json differs from the served /openapi.json: run this test with UPDATE_OPENAPI_SNAPSHOT=1, then ops/build-web");
    }

    [Fact]
    public async Task Response_schemas_require_what_responses_always_carry_and_request_fields_stay_optional()
    {
        var schemas = (await ServedAsync())["components"]!["schemas"]!;
        string[] Required(string name) => schemas[name]!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];

        Assert.Contains("id", Required("EventResponse"));
        Assert.Contains("risk_score", Required("EventResponse"));   // present, and null until scored
        Assert.Contains("items", Required("ListEnvelopeOfEventResponse"));
        Assert.Contains("id", Required("CameraResponse"));
        // A request body keeps only what its endpoint requires.
        Assert.DoesNotContain("timezone", Required("CamerasCreateRequest"));
    }

    [Fact]
    public async Task Dead_letter_changes_and_circuit_breaker_resets_document_the_api_key_query_parameter()
    {
        var paths = (await ServedAsync())["paths"]!;
        string[] QueryOf(string path, string method) => paths[path]![method]!["parameters"]!.AsArray()
            .Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()).ToArray();

        Assert.Contains("api_key", QueryOf("/api/dlq/requeue/{queue_name}", "post"));
        Assert.Contains("api_key", QueryOf("/api/dlq/requeue-all/{queue_name}", "post"));
        Assert.Contains("api_key", QueryOf("/api/dlq/{queue_name}", "delete"));
        Assert.Contains("api_key", QueryOf("/api/system/circuit-breakers/{name}/reset", "post"));
    }

    [Fact]
    public async Task The_review_body_is_typed_with_every_field_optional()
    {
        var doc = await ServedAsync();
        var body = doc["paths"]!["/api/events/{event_id}"]!["patch"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var name = body["$ref"]!.GetValue<string>().Split('/')[^1];
        var schema = doc["components"]!["schemas"]![name]!;
        Assert.Equal(["reviewed", "flagged", "notes", "snooze_until", "version"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Null(schema["required"]);
    }
}
