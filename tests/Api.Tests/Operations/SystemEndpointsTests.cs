using System.Text.Json.Nodes;
using Alba;

namespace Hsi.Api.Tests.Operations;

public class SystemEndpointsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Liveness_is_always_alive()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); });
        Assert.Equal("""{"status":"alive"}""", await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task Without_an_llm_its_circuit_breaker_is_unavailable_with_the_default_settings()
    {
        var body = await (await Host.Scenario(s => { s.Get.Url("/api/system/circuit-breakers"); s.StatusCodeShouldBe(200); })).JsonAsync();

        var llm = body["circuit_breakers"]!["llm"]!;
        Assert.Equal(("llm", "unavailable"), (llm.Str("name"), llm.Str("state")));
        Assert.Equal((5, 30.0), (llm["config"]!["failure_threshold"]!.GetValue<int>(), llm["config"]!["recovery_timeout"]!.GetValue<double>()));
        Assert.Equal((1, 0), (body["total_count"]!.GetValue<int>(), body["open_count"]!.GetValue<int>()));
        Assert.EndsWith("Z", body.Str("timestamp"));
    }

    [Fact]
    public async Task System_health_checks_database_and_redis_for_real()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/api/system/health"); s.IgnoreStatusCode(); });
        var body = await result.JsonAsync();

        Assert.Equal("healthy", body.Str("status"));
        Assert.Equal(200, result.Context.Response.StatusCode);
        Assert.Equal("healthy", body["services"]!["database"]!.Str("status"));
        Assert.Equal("healthy", body["services"]!["redis"]!.Str("status"));
        Assert.NotNull(body["services"]!["ai"]!["status"]);
        Assert.EndsWith("Z", body.Str("timestamp"));
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_http_metrics()
    {
        await Host.Scenario(s => s.Get.Url("/health"));
        foreach (var url in new[] { "/metrics", "/api/metrics" })
        {
            var result = await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(200); });
            var text = await result.ReadAsTextAsync();
            Assert.Contains("http_request_duration_seconds", text);
            Assert.Contains("process_cpu_seconds_total", text);
        }
    }

    [Fact]
    public async Task OpenApi_lists_every_camera_operation_with_parameters_and_responses()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/openapi.json"); s.StatusCodeShouldBe(200); });
        var paths = (await result.JsonAsync())["paths"]!.AsObject();

        Assert.NotNull(paths["/api/cameras"]!["get"]);
        Assert.NotNull(paths["/api/cameras"]!["post"]!["requestBody"]);
        Assert.NotNull(paths["/api/cameras"]!["post"]!["responses"]!["201"]);
        Assert.NotNull(paths["/api/cameras/deleted"]!["get"]);
        foreach (var verb in new[] { "get", "patch", "delete" })
        {
            var op = paths["/api/cameras/{id}"]![verb]!;
            Assert.Contains(op["parameters"]!.AsArray(), p => p!.Str("name") == "id" && p!.Str("in") == "path");
        }
        Assert.NotNull(paths["/api/cameras/{id}/restore"]!["post"]);
        Assert.NotNull(paths["/api/cameras/{id}/snapshot"]!["get"]);
        var listParams = paths["/api/cameras"]!["get"]!["parameters"]!.AsArray().Select(p => p!.Str("name"));
        Assert.Contains("status", listParams);
        Assert.NotNull(paths["/api/cameras/{id}/media"]!["post"]);
    }

    [Fact]
    public async Task OpenApi_is_fit_for_generating_a_client()
    {
        var doc = await (await Host.Scenario(s => { s.Get.Url("/openapi.json"); s.StatusCodeShouldBe(200); })).JsonAsync();
        var schemas = doc["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        Assert.DoesNotContain(schemas, name => global::System.Text.RegularExpressions.Regex.IsMatch(name, @"^(Request|Response)\d*$"));

        var operations = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Op: o.Value!))).ToList();
        Assert.All(operations, o => Assert.Single(o.Op["tags"]!.AsArray()));
        Assert.Equal(operations.Count, operations.Select(o => o.Op.Str("operationId")).Distinct().Count());
        Assert.All(operations.SelectMany(o => o.Op["parameters"]?.AsArray() ?? []).Where(p => p!.Str("in") == "query"),
            p => Assert.NotEqual(true, p!["required"]?.GetValue<bool>()));

        Assert.Equal(["online", "offline", "error", "unknown"], doc["components"]!["schemas"]!["CameraStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        var scheme = doc["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal(("apiKey", "X-API-Key", "header"), (scheme.Str("type"), scheme.Str("name"), scheme.Str("in")));

        // OpenAPI 3.0 (and redocly lint) want a type beside every nullable.
        static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
        {
            JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
            JsonArray a => a.SelectMany(Objects),
            _ => [],
        };
        Assert.All(Objects(doc).Where(o => o.ContainsKey("nullable")), o => Assert.True(o.ContainsKey("type"), o.ToJsonString()));

        var paths = doc["paths"]!;
        Assert.NotNull(paths["/api/detections/export"]!["get"]!["responses"]!["200"]!["content"]!["text/csv"]);
        Assert.NotNull(paths["/api/detections/{detection_id}/image"]!["get"]!["responses"]!["200"]!["content"]!["image/jpeg"]);
        Assert.NotNull(paths["/api/cameras/{id}/snapshot"]!["get"]!["responses"]!["200"]!["content"]!["image/jpeg"]);
    }

    [Fact]
    public async Task OpenApi_lists_the_detection_operations()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/openapi.json"); s.StatusCodeShouldBe(200); });
        var paths = (await result.JsonAsync())["paths"]!.AsObject();

        string[] Params(string path) => paths[path]!["get"]!["parameters"]!.AsArray().Select(p => p!.Str("name")).ToArray();
        Assert.Superset(new HashSet<string> { "camera_id", "object_type", "start_date", "end_date", "min_confidence", "limit", "offset", "cursor", "fields" },
            Params("/api/detections").ToHashSet());
        Assert.DoesNotContain("cursor", Params("/api/detections/export"));
        Assert.Contains("format", Params("/api/detections/export"));
        Assert.Contains("full", Params("/api/detections/{detection_id}/image"));
        var video = paths["/api/detections/{detection_id}/video"]!["get"]!["responses"]!.AsObject();
        Assert.Contains("206", video.Select(r => r.Key));
        Assert.Contains("416", video.Select(r => r.Key));
        foreach (var path in new[] { "/api/detections/{detection_id}", "/api/detections/{detection_id}/enrichment", "/api/detections/stats" })
            Assert.NotNull(paths[path]!["get"]);
    }

    [Fact]
    public async Task Redoc_is_served_with_its_own_script_so_it_renders_offline()
    {
        var page = await (await Host.Scenario(s => { s.Get.Url("/redoc"); s.StatusCodeShouldBe(200); })).ReadAsTextAsync();
        Assert.Contains("spec-url=\"/openapi.json\"", page);
        Assert.DoesNotContain("https://", page);
        var script = await Host.Scenario(s => { s.Get.Url("/redoc/redoc.standalone.js"); s.StatusCodeShouldBe(200); });
        Assert.Contains("redoc", await script.ReadAsTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Swagger_ui_loads_the_document_from_openapi_json()
    {
        const string url = "/docs", marker = "swagger";
        var redirect = await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(302); });
        var location = redirect.Context.Response.Headers.Location.ToString();
        Assert.EndsWith("?url=/openapi.json", location);

        var page = await Host.Scenario(s => { s.Get.Url(location); s.StatusCodeShouldBe(200); });
        Assert.Contains(marker, await page.ReadAsTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_routes_answer_404_in_the_detail_shape()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/api/nothing-here"); s.StatusCodeShouldBe(404); });
        Assert.Equal("Not Found", (await result.JsonAsync()).Str("detail"));
    }
}
