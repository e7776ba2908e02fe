using System.Net;
using System.Net.Http.Headers;
using Hsi.Api.Tests.Detections;
using Hsi.Projections.Media;
using Marten;

namespace Hsi.Api.Tests.Hardening;

public class MediaServingTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Head_on_a_clip_gives_its_length_and_no_body_and_a_known_etag_gets_304()
    {
        var clip = PipelineScenario.MakeClip(Path.Combine(FixturePaths.Images, "dog.jpg"), Path.Combine(App.DataDir, "dog.mp4"), seconds: 2);
        App.Drop(clip);
        var id = (await Host.WaitForDetectionsAsync(1))[0]!["id"]!.GetValue<long>();
        using var client = Host.Server.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/detections/{id}/video"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(new FileInfo(clip).Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        var etag = head.Headers.ETag;
        Assert.NotNull(etag);

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/detections/{id}/video");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_thumbnail_has_an_etag_that_changes_when_the_picture_does()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));
        var id = (await Host.WaitForDetectionsAsync(3))[0]!["id"]!.GetValue<long>();
        using var client = Host.Server.CreateClient();
        using var first = await client.GetAsync($"/api/detections/{id}/image?full=true");
        var etag = first.Headers.ETag!;

        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/detections/{id}/image?full=true");
        conditional.Headers.IfNoneMatch.Add(etag);
        using (var same = await client.SendAsync(conditional)) Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);

        File.SetLastWriteTimeUtc(Path.Combine(App.CameraFolder(), "dog.jpg"), DateTime.UtcNow.AddMinutes(-5));
        var after = new HttpRequestMessage(HttpMethod.Get, $"/api/detections/{id}/image?full=true");
        after.Headers.IfNoneMatch.Add(etag);
        using var changed = await client.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task An_upload_is_recorded_once_not_again_as_a_duplicate_when_the_watcher_sees_its_file()
    {
        await Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        using var client = Host.Server.CreateClient();
        var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Images, "dog.jpg"))), "file", "dog.jpg" } };
        using (var response = await client.PostAsync("/api/cameras/porch/media", form)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Host.WaitForDetectionsAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the watcher's 0.5 s settle and its ingest

        await using var session = App.Store.QuerySession();
        var media = await session.Query<MediaView>().ToListAsync();
        Assert.Equal(Hsi.Domain.Media.MediaState.Analyzed, Assert.Single(media).State);
    }
}
