using Alba;

namespace Hsi.Api.Tests.Hardening;

/// <summary>A host with API keys enabled (its own collection: it never resets the shared store).</summary>
public sealed class ApiKeyFixture : HostFixture
{
    public const string Key = "test-key-123";

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["API_KEY_ENABLED"] = "true",
        ["API_KEYS"] = $"[\"other-key\",\"{Key}\"]",
    };
}

[CollectionDefinition(Name)]
public sealed class ApiKeyCollection : ICollectionFixture<ApiKeyFixture>
{
    public const string Name = "api-key";
}

[Collection(ApiKeyCollection.Name)]
public class ApiKeyTests(ApiKeyFixture app)
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/api/system/health")]
    [InlineData("/metrics")]
    [InlineData("/api/metrics")]
    [InlineData("/openapi.json")]
    [InlineData("/docs/index.html")]
    [InlineData("/redoc/index.html")]
    public async Task Probes_metrics_and_docs_need_no_key(string url) =>
        await app.Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBeOk(); });

    [Fact]
    public async Task A_missing_key_is_401_api_key_required()
    {
        var result = await app.Host.Scenario(s => { s.Get.Url("/api/cameras"); s.StatusCodeShouldBe(401); });
        Assert.StartsWith("API key required", (await result.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task A_wrong_key_is_401_invalid_api_key()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/cameras");
            s.WithRequestHeader("X-API-Key", "nope");
            s.StatusCodeShouldBe(401);
        });
        Assert.Equal("Invalid API key", (await result.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task The_key_works_in_the_header_or_the_query()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/cameras");
            s.WithRequestHeader("X-API-Key", ApiKeyFixture.Key);
            s.StatusCodeShouldBe(200);
        });
        await app.Host.Scenario(s => { s.Get.Url($"/api/cameras/nope/snapshot?api_key={ApiKeyFixture.Key}"); s.StatusCodeShouldBe(404); });
        await app.Host.Scenario(s => { s.Post.Json(new { name = "x", folder_path = "x" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(401); });
    }
}
