using Hsi.Domain.Common;
using Hsi.Domain.Enrichment;
using Hsi.Domain.Media;
using Hsi.Domain.Retention;

namespace Hsi.Domain.Tests.Enrichment;

/// <summary>Given a media stream's events, when enrichment is recorded, then what is decided.</summary>
public class EnrichmentDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly AnalysisModel Model = new("yolox", "1", "yolox", "cpu");
    private static readonly AnalysisTimings Timings = new(1, 2, 3, 6, 1);
    private static readonly MediaReceived Received = new(Id, "porch", "/cams/porch/a.jpg", "image/jpeg", MediaType.Image, "ab", 10, T0);
    private static readonly RecordedDetection Person = new(7, "person", 0.8, 1, 2, 3, 4, T0, null);
    private static readonly MediaAnalyzed Analyzed = new(Id, "porch", Received.FilePath, "image/jpeg", MediaType.Image, Model, Timings, null, [Person], T0, 0.5);
    private static readonly ModelRun YuNet = new("yunet", "2023mar", 3.5);

    private static MediaFile? Given(params object[] events) => StreamFold.Fold<MediaFile>(events);

    private static DetectionEnrichment Faces(long detectionId, int count, params EnrichmentError[] errors) =>
        new(detectionId, "person", new FaceGroup(count > 0, count, count > 0 ? 0.9 : null, YuNet), null, null, null, null, null, errors, ["clothing"], 5);

    private static RecordEnrichment Enrich(params DetectionEnrichment[] found) => new(Id, found, T0.AddSeconds(2));

    [Fact]
    public void An_analysed_file_is_enriched_once_and_a_repeated_run_records_nothing()
    {
        var first = EnrichmentDecisions.Enrich(Enrich(Faces(7, 1)), Given(Received, Analyzed));
        var enriched = Assert.IsType<DetectionEnriched>(Assert.Single(first.Events));
        Assert.Equal(("porch", (Guid?)null), (enriched.CameraId, enriched.ReplayId));

        Assert.Empty(EnrichmentDecisions.Enrich(Enrich(Faces(7, 1)), Given(Received, Analyzed, enriched)).Events);
    }

    [Fact]
    public void A_replay_enriches_again_and_a_detector_replay_makes_the_file_await_enrichment_again()
    {
        var first = (DetectionEnriched)EnrichmentDecisions.Enrich(Enrich(Faces(7, 1)), Given(Received, Analyzed)).Events[0];
        var replayId = Guid.NewGuid();
        var replay = EnrichmentDecisions.Enrich(Enrich(Faces(7, 2)) with { ReplayId = replayId }, Given(Received, Analyzed, first));
        Assert.Equal(replayId, Assert.IsType<DetectionEnriched>(Assert.Single(replay.Events)).ReplayId);

        var redetected = new MediaReanalyzed(Id, "porch", Received.FilePath, "image/jpeg", MediaType.Image, Model, Timings, null,
            [Person with { DetectionId = 8 }], [7], 0.5, Guid.NewGuid(), T0.AddMinutes(1));
        Assert.True(EnrichmentDecisions.AwaitsEnrichment(Given(Received, Analyzed, first, redetected)));
    }

    [Fact]
    public void Only_the_current_analysis_is_enriched_and_a_file_without_detections_or_expired_is_not()
    {
        var stale = EnrichmentDecisions.Enrich(Enrich(Faces(99, 1)) with { ReplayId = Guid.NewGuid() }, Given(Received, Analyzed));
        Assert.Equal(ErrorKind.Inconsistent, stale.Error!.Kind);

        var nothingFound = Analyzed with { Detections = [] };
        Assert.False(EnrichmentDecisions.AwaitsEnrichment(Given(Received, nothingFound)));
        Assert.Equal("no detections", EnrichmentDecisions.WhyNotEnrichable(Given(Received, nothingFound)));
        Assert.Equal("not analysed", EnrichmentDecisions.WhyNotEnrichable(Given(Received)));
        Assert.Equal("expired", EnrichmentDecisions.WhyNotEnrichable(Given(Received, Analyzed, new MediaExpired(Id, "porch", [7], T0.AddDays(30)))));
        Assert.Empty(EnrichmentDecisions.Enrich(Enrich(Faces(7, 1)), Given(Received)).Events);
    }
}

/// <summary>What enrichment_status says of a detection and of an event's detections.</summary>
public class EnrichmentSummaryTests
{
    private static readonly ModelRun YuNet = new("yunet", "2023mar", 3.5);
    private static readonly ModelRun Quality = new("image_quality", "1", 0.4);
    private static readonly ImageQualityGroup Sharp = new(90, false, false, [], 500, 120, 60, Quality);

    private static DetectionEnrichment Person(long id, FaceGroup? face, ImageQualityGroup? quality, params EnrichmentError[] errors) =>
        new(id, "person", face, null, null, null, quality, null, errors, ["clothing", "pose"], 5);

    [Fact]
    public void Every_model_that_applied_ran_is_complete_and_unavailable_models_do_not_count()
    {
        var summary = EnrichmentSummary.Of(Person(1, new FaceGroup(true, 2, 0.9, YuNet), Sharp));
        Assert.Equal((EnrichmentSummary.Complete, 1.0), (summary.Status, summary.SuccessRate));
        Assert.Equal(["image_quality", "yunet"], summary.SuccessfulModels);
    }

    [Fact]
    public void A_failed_model_makes_it_partial_and_all_failed_is_failed()
    {
        var partial = EnrichmentSummary.Of(Person(1, null, Sharp, new EnrichmentError("face", "yunet", "bad tensor")));
        Assert.Equal((EnrichmentSummary.Partial, 0.5), (partial.Status, partial.SuccessRate));
        Assert.Equal("bad tensor", partial.Errors["yunet"]);

        var failed = EnrichmentSummary.Of(Person(1, null, null, new EnrichmentError("face", "yunet", "bad tensor")));
        Assert.Equal((EnrichmentSummary.Failed, 0.0), (failed.Status, failed.SuccessRate));
    }

    [Fact]
    public void An_event_with_detections_not_yet_enriched_is_partial_and_with_none_pending()
    {
        var one = Person(1, new FaceGroup(false, 0, null, YuNet), Sharp);
        Assert.Equal(EnrichmentSummary.Partial, EnrichmentSummary.Of([one], 2).Status);
        Assert.Equal(EnrichmentSummary.Complete, EnrichmentSummary.Of([one, one with { DetectionId = 2 }], 2).Status);
        Assert.Equal(EnrichmentSummary.Pending, EnrichmentSummary.Of([], 2).Status);
    }
}
