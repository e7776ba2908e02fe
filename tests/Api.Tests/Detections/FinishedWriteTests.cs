using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Alba;
using Hsi.Domain.Media;
using Hsi.Projections.Media;
using Marten;

namespace Hsi.Api.Tests.Detections;

/// <summary>The folder watcher takes a file when its writer closes it, not before and not twice.</summary>
public class FinishedWriteTests(AppFixture app) : ApiTest(app)
{
    private async Task<(double Finished, double Stable)> TakenAsync()
    {
        var text = await (await Host.Scenario(s => s.Get.Url("/metrics"))).ReadAsTextAsync();
        double Of(string signal) =>
            Regex.Match(text, $@"^hsi_ingest_files_taken_total\{{signal=""{signal}""\}} (\S+)$", RegexOptions.Multiline) is { Success: true } m
                ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (Of("finished"), Of("stable"));
    }

    [Fact]
    public async Task A_file_written_slowly_and_then_closed_is_analysed_once_and_complete()
    {
        var picture = await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Images, "person.jpg"));
        var folder = App.CameraFolder();
        await Task.Delay(500); // the watcher watches the new folder (a file written before that waits for the stability check)
        var before = await TakenAsync();

        var target = Path.Combine(folder, "slow.jpg");
        await using (var writer = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            // Pauses shorter than the stability wait, so only the close can say the file is done.
            foreach (var chunk in picture.Chunk(picture.Length / 8 + 1))
            {
                await writer.WriteAsync(chunk);
                await writer.FlushAsync();
                await Task.Delay(150);
            }
        }

        var detections = await Host.WaitForDetectionsAsync(3);
        Assert.Equal(["dog", "horse", "person"], detections.Select(d => d!["object_type"]!.GetValue<string>()).Order());
        await Task.Delay(1500); // long enough for a second take, from the stability wait or a late notification
        await using var session = App.Store.QuerySession();
        var media = Assert.Single(await session.Query<MediaView>().ToListAsync());
        Assert.Equal(MediaState.Analyzed, media.State);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(picture)), media.Sha256);
        var after = await TakenAsync();
        Assert.Equal((before.Finished + 1, before.Stable), after);
    }

    [Fact]
    public async Task A_file_renamed_into_place_is_taken_when_it_appears()
    {
        App.CameraFolder();
        await Task.Delay(500);
        var before = await TakenAsync();
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));
        await Host.WaitForDetectionsAsync(3);
        await Task.Delay(1500);
        await using var session = App.Store.QuerySession();
        Assert.Single(await session.Query<MediaView>().ToListAsync());
        Assert.Equal((before.Finished + 1, before.Stable), await TakenAsync());
    }
}
