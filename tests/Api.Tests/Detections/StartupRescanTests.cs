using Alba;

namespace Hsi.Api.Tests.Detections;

/// <summary>A host started over a camera folder that already holds files, as after downtime; it polls instead of using inotify.</summary>
public sealed class PreloadedFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["FILE_WATCHER_POLLING"] = "true",
    };

    protected override void BeforeStart()
    {
        var folder = Directory.CreateDirectory(Path.Combine(CameraRoot, "Back Yard")).FullName;
        File.Copy(Path.Combine(FixturePaths.Images, "person.jpg"), Path.Combine(folder, "while-down.jpg"));
    }
}

[CollectionDefinition(Name)]
public sealed class PreloadedCollection : ICollectionFixture<PreloadedFixture>
{
    public const string Name = "preloaded";
}

[Collection(PreloadedCollection.Name)]
public class StartupRescanTests(PreloadedFixture app)
{
    [Fact]
    public async Task Files_present_before_start_up_are_processed_and_their_folder_registered()
    {
        var items = await app.Host.WaitForDetectionsAsync(3, "&camera_id=back_yard");
        Assert.All(items, i => Assert.EndsWith("while-down.jpg", i!.Str("file_path")));

        var camera = await app.Host.Scenario(s => { s.Get.Url("/api/cameras/back_yard"); s.StatusCodeShouldBeOk(); });
        Assert.Equal("Back Yard", (await camera.JsonAsync()).Str("name"));
    }

    [Fact]
    public async Task The_polling_watcher_picks_up_new_folders_and_files()
    {
        app.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"), camera: "Side Gate");

        var items = await app.Host.WaitForDetectionsAsync(3, "&camera_id=side_gate");
        Assert.Contains(items, i => i!.Str("object_type") == "bicycle");
    }
}
