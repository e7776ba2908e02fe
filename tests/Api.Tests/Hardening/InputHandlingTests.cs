using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Net.Http.Headers;
using Alba;
using Hsi.Api.Tests.Detections;

namespace Hsi.Api.Tests.Hardening;

public class InputHandlingTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Dates_with_any_offset_are_converted_to_utc()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        var items = await Host.WaitForDetectionsAsync(3);
        var detectedAt = DateTimeOffset.Parse(items[0]!.Str("detected_at"));

        // The same instant written in +05:00, once with '+' decoded to a space as query strings do.
        var inKarachi = detectedAt.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz");
        foreach (var encoded in new[] { Uri.EscapeDataString(inKarachi), inKarachi })
        {
            var atOrAfter = await Host.DetectionsAsync($"&start_date={encoded}");
            Assert.Equal(3, atOrAfter.Count);
            var before = await Host.DetectionsAsync($"&end_date={Uri.EscapeDataString(detectedAt.AddSeconds(-1).ToOffset(TimeSpan.FromHours(-7)).ToString("O"))}");
            Assert.Empty(before);
        }
    }

    [Fact]
    public async Task A_folder_name_too_long_for_the_filesystem_is_422_and_nothing_changes()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        var result = await Host.Scenario(s =>
        {
            s.Patch.Json(new { folder_path = new string('y', 300) }).ToUrl("/api/cameras/porch");
            s.StatusCodeShouldBe(422);
        });
        Assert.Contains("255", (await result.JsonAsync())["detail"]![0]!.Str("msg"));
        var camera = await (await Host.Scenario(s => s.Get.Url("/api/cameras/porch"))).JsonAsync();
        Assert.EndsWith("/porch", camera.Str("folder_path"));
    }

    [Theory]
    [InlineData("/api/detections?camera_id=a%00b", "query", "camera_id")]
    [InlineData("/api/cameras?status=online&x=%00", "query", "x")]
    public async Task Nul_characters_in_a_query_are_422(string url, string source, string field)
    {
        var result = await Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(422); });
        var issue = (await result.JsonAsync())["detail"]![0]!;
        Assert.Equal([source, field], issue["loc"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Nul_characters_in_a_body_are_422_and_nothing_is_recorded()
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Text("""{"name":"a\u0000b","folder_path":"nul"}""").ToUrl("/api/cameras");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(422);
        });
        Assert.Equal("name must not contain NUL characters", (await result.JsonAsync())["detail"]![0]!.Str("msg"));
        await Host.Scenario(s => { s.Get.Url("/api/cameras/nul"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task Wrong_types_are_described_without_dotnet_type_names()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/api/detections?limit=abc"); s.StatusCodeShouldBe(422); });
        Assert.Equal("'abc' is not a whole number in range", (await result.JsonAsync())["detail"]![0]!.Str("msg"));
        var cursor = await Host.Scenario(s => { s.Get.Url("/api/detections?cursor=%%%"); s.StatusCodeShouldBe(400); });
        Assert.StartsWith("Invalid cursor", (await cursor.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task A_json_body_over_its_limit_is_413()
    {
        using var client = Host.Server.CreateClient();
        var body = new StringContent("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/cameras", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1024 KB", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_under_MAX_MEDIA_MB_is_taken_and_one_over_it_is_413_naming_the_limit()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        using var client = Host.Server.CreateClient();

        var under = new byte[40 * 1024 * 1024];
        Random.Shared.NextBytes(under);
        using (var response = await client.PostAsync("/api/cameras/porch/media", Form(under, "forty.jpg")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var over = Form(new byte[1024], "over.jpg");
        over.Headers.ContentLength = 51L * 1024 * 1024 + 2 * 1024 * 1024;
        using var refused = await client.PostAsync("/api/cameras/porch/media", over);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("50 MB (MAX_MEDIA_MB)", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_answers_with_a_media_id_that_tells_how_its_analysis_went()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        using var client = Host.Server.CreateClient();

        var garbage = new byte[2048];
        Random.Shared.NextBytes(garbage);
        var rejected = await UploadAsync(client, garbage, "garbage.jpg");
        var rejection = await Eventually.GetAsync(() => MediaAsync(rejected), m => m.Str("status") != "accepted", what: "the garbage upload's outcome");
        Assert.Equal("rejected", rejection.Str("status"));
        Assert.False(string.IsNullOrEmpty(rejection.Str("reason")));

        var analysed = await UploadAsync(client, await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Images, "dog.jpg")), "dog.jpg");
        var outcome = await Eventually.GetAsync(() => MediaAsync(analysed), m => m.Str("status") != "accepted", what: "the dog upload's outcome");
        Assert.Equal("analysed", outcome.Str("status"));
        Assert.Equal(3, outcome["detection_ids"]!.AsArray().Count);

        await Host.Scenario(s => { s.Get.Url($"/api/media/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });
        await Host.Scenario(s => { s.Get.Url("/api/media/not-a-uuid"); s.StatusCodeShouldBe(422); });
    }

    private async Task<JsonNode> MediaAsync(Guid id) =>
        await (await Host.Scenario(s => { s.Get.Url($"/api/media/{id}"); s.StatusCodeShouldBeOk(); })).JsonAsync();

    private static async Task<Guid> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        using var response = await client.PostAsync("/api/cameras/porch/media", Form(bytes, name));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return Guid.Parse(body.Str("media_id"));
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/jpeg");
        return new MultipartFormDataContent { { file, "file", name } };
    }
}
