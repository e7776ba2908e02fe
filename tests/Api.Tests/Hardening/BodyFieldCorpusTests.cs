using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hsi.Api.Tests.Hardening;

/// <summary>
/// Every JSON body the served OpenAPI describes, field by field: each string field with a NUL, a lone
/// surrogate and an overlong value, each numeric field as a string and overflowing, and each body with
/// a field it does not have. A value that cannot be stored or means something else is a 422 that names
/// the field, never a 500 and never a silent 200.
/// </summary>
public class BodyFieldCorpusTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Every_body_field_refuses_what_cannot_be_stored_or_is_not_what_it_says()
    {
        using var client = Host.Server.CreateClient();
        var spec = JsonNode.Parse(await client.GetStringAsync("/openapi.json"))!;
        var bodies = BodiesOf(spec).ToList();
        Assert.True(bodies.Count >= 8, $"only {bodies.Count} JSON bodies in the OpenAPI");

        var cases = new List<(string Name, HttpMethod Method, string Url, string Body, string Field, bool Exactly422)>();
        foreach (var (method, path, strings, numbers) in bodies)
        {
            var url = Concrete(path);
            var verb = new HttpMethod(method.ToUpperInvariant());
            foreach (var field in strings)
            {
                cases.Add(($"{method} {path} {field}=NUL", verb, url, $$"""{"{{field}}":"a\u0000b"}""", field, true));
                cases.Add(($"{method} {path} {field}=lone surrogate", verb, url, $$"""{"{{field}}":"\ud800"}""", field, true));
                cases.Add(($"{method} {path} {field}=overlong", verb, url, $$"""{"{{field}}":"{{new string('x', 200_000)}}"}""", field, false));
            }
            foreach (var field in numbers)
            {
                cases.Add(($"{method} {path} {field}=\"5\"", verb, url, $$"""{"{{field}}":"5"}""", field, true));
                cases.Add(($"{method} {path} {field}=overflow", verb, url, $$"""{"{{field}}":99999999999999999999999}""", field, false));
            }
            cases.Add(($"{method} {path} unknown field", verb, url, """{"not_a_field_of_it":1}""", "not_a_field_of_it", true));
        }

        var failures = new List<string>();
        foreach (var (name, method, url, body, field, exactly422) in cases)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500 || status < 400) failures.Add($"{name}: {status} {Shorten(text)}");
            else if (exactly422 && response.StatusCode != HttpStatusCode.UnprocessableEntity) failures.Add($"{name}: {status}, not 422: {Shorten(text)}");
            else if (exactly422 && !text.Contains($"\"{field}\"", StringComparison.Ordinal)) failures.Add($"{name}: 422 without naming {field}: {Shorten(text)}");
        }
        Assert.True(cases.Count >= 60, $"only {cases.Count} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures.Take(60)));
    }

    [Fact]
    public async Task A_known_field_in_other_letters_is_not_taken_for_it()
    {
        var camelCase = await Host.Scenario(s =>
        {
            s.Patch.Text("""{"retentionDays":7}""").ContentType("application/json").ToUrl("/api/system/config");
            s.StatusCodeShouldBe(422);
        });
        Assert.Contains("\"retentionDays\"", await camelCase.ReadAsTextAsync());
        await Host.Scenario(s =>
        {
            s.Patch.Text("""{"RETENTION_DAYS":7}""").ContentType("application/json").ToUrl("/api/system/config");
            s.StatusCodeShouldBe(422);
        });
        var config = JsonNode.Parse(await (await Host.Scenario(s => s.Get.Url("/api/system/config"))).ReadAsTextAsync())!;
        Assert.NotEqual(7, config["retention_days"]!.GetValue<int>());
    }

    /// <summary>(method, path, string fields, numeric fields) of every operation whose body is a JSON object schema.</summary>
    private static IEnumerable<(string Method, string Path, string[] Strings, string[] Numbers)> BodiesOf(JsonNode spec)
    {
        foreach (var (path, item) in spec["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema) continue;
            var properties = Resolve(spec, schema)?["properties"]?.AsObject();
            if (properties is null || properties.Count == 0) continue;
            var strings = new List<string>();
            var numbers = new List<string>();
            foreach (var (name, property) in properties)
            {
                var resolved = Resolve(spec, property!);
                var types = TypesOf(resolved);
                if (types.Contains("string") && resolved?["enum"] is null) strings.Add(name);
                if (types.Contains("integer") || types.Contains("number")) numbers.Add(name);
            }
            yield return (method, path, [.. strings], [.. numbers]);
        }
    }

    private static JsonNode? Resolve(JsonNode spec, JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode?)spec, (node, part) => node?[part]);
        if (schema["allOf"] is JsonArray { Count: 1 } allOf) return Resolve(spec, allOf[0]!);
        if (schema["oneOf"] is JsonArray oneOf && oneOf.FirstOrDefault(s => s?["$ref"] is not null) is { } first) return Resolve(spec, first);
        return schema;
    }

    private static HashSet<string> TypesOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue v => [v.GetValue<string>()],
        JsonArray a => [.. a.Select(t => t!.GetValue<string>())],
        _ => [],
    };

    /// <summary>The path with each parameter filled: ids that parse, though they need not exist (bodies are read first).</summary>
    private static string Concrete(string path) => global::System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}]+)\}", m =>
        m.Groups[1].Value switch
        {
            "job_id" or "media_id" => Guid.NewGuid().ToString(),
            "entity_id" => Guid.NewGuid().ToString(),
            var n when n.EndsWith("_id") && n != "camera_id" => "1",
            _ => "front",
        });

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
