using System.Security.Cryptography;
using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Inference.Handlers;
using Hsi.Projections.Media;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace Hsi.Api.Tests.Detections;

/// <summary>Files analysed in one batch: each one's fate is its own.</summary>
public class AnalysisBatchTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_file_that_fails_in_a_batch_retries_and_dead_letters_alone_while_the_others_are_analysed_once()
    {
        var camera = await CameraAsync();
        var person = Accepted(camera, Copy("person.jpg", "batch-person.jpg"));
        var dog = Accepted(camera, Copy("dog.jpg", "batch-dog.jpg"));
        // A name too long to open (ENAMETOOLONG): not a refusal, which would be recorded, but a failure.
        var broken = Accepted(camera, Path.Combine(App.CameraRoot, new string('x', 300) + ".jpg"));
        var deadBefore = await DeadLettersAsync();

        // Recorded in one transaction, so their analyses are queued, and batched, together.
        await InvokeAsync(new AcceptMediaBatch([person, broken, dog]));

        await Eventually.GetAsync(DeadLettersAsync, n => n > deadBefore, TimeSpan.FromSeconds(90), "the failing file's dead letter");
        Assert.Equal(deadBefore + 1, await DeadLettersAsync());
        Assert.Equal(9, (await Host.WaitForDetectionsAsync(9)).Count); // the camera's first file's 3, the person's and the dog's
        await AnalysedAndEnrichedOnceAsync(person.MediaId);
        await AnalysedAndEnrichedOnceAsync(dog.MediaId);
        Assert.Equal(["MediaReceived"], await StreamAsync(broken.MediaId));
    }

    [Fact]
    public async Task Duplicated_batched_analysis_messages_record_detections_once()
    {
        var camera = await CameraAsync();
        var dog = Accepted(camera, Copy("dog.jpg", "twice-dog.jpg"));
        await InvokeAsync(dog);
        using (var scope = Host.Services.CreateScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            for (var i = 0; i < 3; i++) await bus.PublishAsync(new AnalyzeMediaInBatch(dog.MediaId));
            await bus.PublishAsync(new AnalyzeMedia(dog.MediaId));
        }

        await Host.WaitForDetectionsAsync(6); // the camera's first file's 3, and the dog's
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(6, (await Host.DetectionsAsync()).Count);
        await AnalysedAndEnrichedOnceAsync(dog.MediaId);
    }

    /// <summary>A camera with one analysed file, registered by dropping it into its folder.</summary>
    private async Task<string> CameraAsync()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        await Host.WaitForDetectionsAsync(3);
        await using var session = App.Store.QuerySession();
        return (await session.Query<MediaView>().SingleAsync()).CameraId;
    }

    /// <summary>Directly under CAMERA_ROOT, where the folder watcher takes nothing (no camera owns it).</summary>
    private string Copy(string fixture, string name)
    {
        var path = Path.Combine(App.CameraRoot, name);
        File.Copy(Path.Combine(FixturePaths.Images, fixture), path, overwrite: true);
        return path;
    }

    private static AcceptMedia Accepted(string camera, string path) =>
        new(Guid.CreateVersion7(), camera, path, "image/jpeg", MediaType.Image,
            Convert.ToHexStringLower(SHA256.HashData(File.Exists(path) ? File.ReadAllBytes(path) : [])),
            File.Exists(path) ? new FileInfo(path).Length : 1, DateTimeOffset.UtcNow);

    private async Task InvokeAsync(object command)
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(command);
    }

    /// <summary>
    /// The file was analysed, grouped and enriched exactly once. Enrichment runs beside grouping, so its
    /// place in the stream varies; it is waited for, then counted.
    /// </summary>
    private async Task AnalysedAndEnrichedOnceAsync(Guid mediaId)
    {
        var stream = await Eventually.GetAsync(() => StreamAsync(mediaId), s => s.Contains(nameof(DetectionEnriched)),
            TimeSpan.FromSeconds(60), "the file's enrichment");
        Assert.Equal(["MediaReceived", "MediaAnalyzed", "DetectionsGrouped"], stream.Where(e => e != nameof(DetectionEnriched)));
        Assert.Single(stream, nameof(DetectionEnriched));
    }

    private async Task<IReadOnlyList<string>> StreamAsync(Guid mediaId)
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Select(e => e.Data.GetType().Name).ToList();
    }

    private async Task<long> DeadLettersAsync()
    {
        await using var cmd = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select count(*) from hsi_messages.wolverine_dead_letters where message_type like '%AnalyzeMedia%'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
