using Hsi.Api.Features.AiAudit.Redetect;
using Hsi.Api.Tests.Detections;
using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Inference.Detection;
using Hsi.Projections.Audit;
using Hsi.Projections.Detections;
using Hsi.Projections.Media;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hsi.Api.Tests.AiAudit;

/// <summary>The redetect job kind run directly, with the real model over the fixture images.</summary>
public class RedetectJobTests(AppFixture app) : ApiTest(app)
{
    /// <summary>person.jpg and dog.jpg analysed by the pipeline: six detections, confidences 0.80–0.88.</summary>
    private async Task<IReadOnlyList<DetectionView>> AnalysedFixturesAsync()
    {
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
        App.Drop(Path.Combine(FixturePaths.Images, "dog.jpg"));
        await Host.WaitForDetectionsAsync(6);
        return await DetectionsAsync();
    }

    private async Task<IReadOnlyList<DetectionView>> DetectionsAsync()
    {
        await using var session = App.Store.QuerySession();
        return await session.Query<DetectionView>().OrderBy(d => d.Id).ToListAsync();
    }

    private async Task<RedetectReport> RunAsync(RedetectParameters parameters)
    {
        var job = new TestJobContext(RedetectJob.KindName, parameters);
        var outcome = await Host.Services.GetRequiredService<RedetectJob>().RunAsync(job, CancellationToken.None);
        return Assert.IsType<RedetectReport>(outcome.Result);
    }

    private async Task<int> ReanalysesAsync(Guid mediaId)
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(StreamKeys.Media(mediaId))).Count(e => e.Data is MediaReanalyzed);
    }

    [Fact]
    public async Task The_same_model_and_threshold_find_every_detection_again_and_a_dry_run_records_nothing()
    {
        var since = DateTimeOffset.UtcNow;
        var before = await AnalysedFixturesAsync();
        var media = before.Select(d => d.MediaId).Distinct().ToList();

        var report = await RunAsync(new RedetectParameters(StartDate: since, EndDate: DateTimeOffset.UtcNow.AddMinutes(1), DryRun: true));

        Assert.Equal((2, 6, 6, 6, 0, 0, 0), (report.Totals.Files, report.Totals.Before, report.Totals.After, report.Totals.Matched,
            report.Totals.Gained, report.Totals.Lost, report.Totals.Appended));
        Assert.All(report.Classes, c => Assert.Equal((c.Before, c.Before, 0, 0), (c.After, c.Matched, c.Gained, c.Lost)));
        Assert.Equal(before.Select(d => d.ObjectType).Distinct().Order(), report.Classes.Select(c => c.ObjectType));
        Assert.Equal(0.5, report.ConfidenceThreshold);
        foreach (var id in media) Assert.Equal(0, await ReanalysesAsync(id));
        Assert.Equal(before.Select(d => d.Id), (await DetectionsAsync()).Select(d => d.Id));
    }

    [Fact]
    public async Task A_higher_threshold_loses_exactly_the_detections_below_it_and_the_new_analysis_replaces_the_old_in_the_read_models()
    {
        var before = await AnalysedFixturesAsync();
        const double threshold = 0.86;
        var below = before.Where(d => d.Confidence < threshold).ToList();
        var kept = before.Where(d => d.Confidence >= threshold).ToList();
        Assert.NotEmpty(below);
        Assert.NotEmpty(kept);

        var report = await RunAsync(new RedetectParameters(MediaIds: [.. before.Select(d => d.MediaId).Distinct()], ConfidenceThreshold: threshold));

        Assert.Equal(below.Select(d => d.Id).Order(), report.Media.SelectMany(m => m.LostDetections).Select(d => d.DetectionId!.Value).Order());
        Assert.Equal(0, report.Totals.Gained);
        Assert.Equal((kept.Count, below.Count, 2), (report.Totals.Matched, report.Totals.Lost, report.Totals.Appended));
        foreach (var type in before.Select(d => d.ObjectType).Distinct())
        {
            var c = Assert.Single(report.Classes, c => c.ObjectType == type);
            Assert.Equal((below.Count(d => d.ObjectType == type), kept.Count(d => d.ObjectType == type), 0),
                (c.Lost, c.Matched, c.Gained));
        }

        var after = await DetectionsAsync();
        Assert.Equal(kept.Select(d => d.ObjectType).Order(), after.Select(d => d.ObjectType).Order());
        Assert.Empty(after.Select(d => d.Id).Intersect(before.Select(d => d.Id))); // new analysis, new ids
        await using var session = App.Store.QuerySession();
        foreach (var row in report.Media)
        {
            var audit = (await session.LoadAsync<MediaAuditView>(row.MediaId))!;
            Assert.Equal([AnalysisKind.Analyzed, AnalysisKind.Reanalyzed], audit.Analyses.Select(a => a.Kind));
            Assert.Equal(before.Where(d => d.MediaId == row.MediaId).Select(d => d.Id).Order(), audit.Analyses[0].Detections.Select(d => d.DetectionId).Order());
            Assert.Equal(audit.Analyses[0].Detections.Select(d => d.DetectionId), audit.Analyses[1].ReplacedDetectionIds);
            Assert.Equal((0.5, threshold), (audit.Analyses[0].ConfidenceThreshold, audit.Analyses[1].ConfidenceThreshold));
            Assert.Equal(row.After, (await session.LoadAsync<MediaView>(row.MediaId))!.DetectionCount);
        }
    }

    [Fact]
    public async Task The_configured_model_at_another_threshold_runs_on_the_pipelines_loaded_session()
    {
        var before = await AnalysedFixturesAsync();
        var loaded = OnnxDetector.SessionsLoaded;

        var report = await RunAsync(new RedetectParameters(MediaIds: [.. before.Select(d => d.MediaId).Distinct()], ConfidenceThreshold: 0.86, DryRun: true));

        Assert.Equal(loaded, OnnxDetector.SessionsLoaded);
        Assert.Equal("yolox_nano", report.Model.Name);
        Assert.Equal(before.Count(d => d.Confidence >= 0.86), report.Totals.After);
    }

    [Fact]
    public async Task Another_model_is_loaded_for_the_job_and_released_when_it_ends()
    {
        var before = await AnalysedFixturesAsync();
        File.Copy(App.ModelPath, Path.Combine(Path.GetDirectoryName(App.ModelPath)!, "other.onnx"), overwrite: true);
        var (loaded, open) = (OnnxDetector.SessionsLoaded, OnnxDetector.SessionsOpen);

        var report = await RunAsync(new RedetectParameters(MediaIds: [.. before.Select(d => d.MediaId).Distinct()], ModelPath: "other.onnx", DryRun: true));

        Assert.Equal("other", report.Model.Name);
        Assert.Equal(before.Count, report.Totals.Matched);
        Assert.Equal((loaded + 1, open), (OnnxDetector.SessionsLoaded, OnnxDetector.SessionsOpen));
    }

    [Theory]
    [InlineData("../escape.onnx", "inside the models folder")]
    [InlineData("/etc/hostname", ".onnx")]
    [InlineData("missing.onnx", "no such model")]
    [InlineData("outside-link.onnx", "inside the models folder")]
    public void A_model_path_must_be_an_onnx_file_in_the_models_folder(string modelPath, string why)
    {
        var models = Host.Services.GetRequiredService<ReplayModels>();
        File.WriteAllText(Path.Combine(App.DataDir, "escape.onnx"), "not a model");
        var link = Path.Combine(models.Folder, "outside-link.onnx");
        if (!File.Exists(link)) File.CreateSymbolicLink(link, Path.Combine(App.DataDir, "escape.onnx"));

        var (path, problem) = models.Resolve(modelPath);

        Assert.Null(path);
        Assert.Contains(why, problem);
        Assert.Equal(Path.GetFullPath(App.ModelPath), models.Resolve(Path.GetFileName(App.ModelPath)).Path);
    }
}
