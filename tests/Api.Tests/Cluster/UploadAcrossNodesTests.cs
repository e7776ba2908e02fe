using Hsi.Api.Ingest;
using Hsi.Api.Tests.Detections;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.Cluster;

/// <summary>
/// An upload lands in its camera's folder, where the folder watcher, on whichever node holds it, sees it too. The
/// watcher's node is played by a second <see cref="MediaIngest"/> on the same Redis: nothing of the uploading one's memory.
/// </summary>
public class UploadAcrossNodesTests(TwoNodesFixture app) : TwoNodesTest(app)
{
    private static string Fixture(string name) => Path.Combine(FixturePaths.Images, name);

    [Fact]
    public async Task The_watcher_on_another_node_leaves_an_upload_to_it_and_still_takes_what_nobody_uploaded()
    {
        var uploading = Host.Services.GetRequiredService<MediaIngest>();
        var watching = ActivatorUtilities.CreateInstance<MediaIngest>(Host.Services);
        var uploaded = Path.Combine(App.CameraFolder(), "uploads", "upload.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(uploaded)!);

        await uploading.MarkUploadAsync(uploaded);
        File.Copy(Fixture("person.jpg"), uploaded);
        var seenByWatcher = await watching.IngestAsync("front_door", uploaded, CancellationToken.None);

        Assert.Equal(IngestStatus.Ignored, seenByWatcher.Status);
        Assert.Equal("recorded by its upload", seenByWatcher.Reason);

        var dropped = App.Drop(Fixture("dog.jpg"), "dropped.jpg");
        Assert.Equal(IngestStatus.Accepted, (await watching.IngestAsync("front_door", dropped, CancellationToken.None)).Status);
    }
}
