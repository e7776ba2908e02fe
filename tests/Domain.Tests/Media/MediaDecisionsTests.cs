using Hsi.Domain.Common;
using Hsi.Domain.Media;
using Hsi.Domain.Retention;

namespace Hsi.Domain.Tests.Media;

/// <summary>Given a media stream's events, when a command, then the events it decides.</summary>
public class MediaDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly AnalysisModel Model = new("yolox", "1", "yolox", "cpu");
    private static readonly AnalysisTimings Timings = new(1, 2, 3, 6, 1);
    private static readonly MediaReceived Received = new(Id, "porch", "/cams/porch/a.jpg", "image/jpeg", MediaType.Image, "ab", 10, T0);
    private static readonly RecordedDetection Person = new(7, "person", 0.8, 1, 2, 3, 4, T0, null);
    private static readonly MediaAnalyzed Analyzed = new(Id, "porch", Received.FilePath, "image/jpeg", MediaType.Image, Model, Timings, null, [Person], T0, 0.5);

    private static MediaFile? Given(params object[] events) => StreamFold.Fold<MediaFile>(events);

    private static RecordAnalysis Analysis(params RecordedDetection[] found) => new(Id, Model, Timings, null, found, 0.5, T0.AddSeconds(1));

    [Fact]
    public void An_accepted_file_is_received_once()
    {
        var cmd = new AcceptMedia(Id, "porch", Received.FilePath, "image/jpeg", MediaType.Image, "ab", 10, T0);
        Assert.Equal([Received], MediaDecisions.Accept(cmd, null).Events);
        Assert.Equal(ErrorKind.Conflict, MediaDecisions.Accept(cmd, Given(Received)).Error!.Kind);
    }

    [Fact]
    public void A_rejected_file_is_received_and_rejected_at_once_with_its_reason()
    {
        var cmd = new RejectMedia(Id, "porch", Received.FilePath, "image/jpeg", MediaType.Image, "ab", 10, T0, "file is empty");
        Assert.Equal([Received, new MediaRejected(Id, "porch", Received.FilePath, "file is empty", T0)], MediaDecisions.Reject(cmd, null).Events);
        Assert.Equal(MediaState.Rejected, Given([.. MediaDecisions.Reject(cmd, null).Events])!.State);
    }

    [Fact]
    public void A_duplicate_is_recorded_and_never_awaits_analysis()
    {
        var cmd = new RecordDuplicateMedia(Id, "porch", Received.FilePath, "ab", Guid.NewGuid(), T0);
        var skipped = Assert.IsType<DuplicateMediaSkipped>(Assert.Single(MediaDecisions.SkipDuplicate(cmd, null).Events));
        var state = Given(skipped);
        Assert.Equal(MediaState.Duplicate, state!.State);
        Assert.False(MediaDecisions.AwaitsAnalysis(state));
        Assert.Empty(MediaDecisions.RecordAnalysis(Analysis(Person), state).Events);
    }

    [Fact]
    public void A_received_file_is_analysed_once_with_what_it_was_received_as()
    {
        var analyzed = Assert.IsType<MediaAnalyzed>(Assert.Single(MediaDecisions.RecordAnalysis(Analysis(Person), Given(Received)).Events));
        Assert.Equal((Received.CameraId, Received.FilePath, Received.MediaType), (analyzed.CameraId, analyzed.FilePath, analyzed.MediaType));
        Assert.Equal([Person], analyzed.Detections);
        Assert.Equal(0.5, analyzed.ConfidenceThreshold);
        // A retried message finds the analysis and records nothing.
        Assert.Empty(MediaDecisions.RecordAnalysis(Analysis(Person), Given(Received, analyzed)).Events);
        Assert.Empty(MediaDecisions.RecordAnalysis(Analysis(Person), null).Events);
    }

    [Fact]
    public void An_unreadable_file_is_rejected_only_while_it_awaits_analysis()
    {
        var cmd = new RejectUnreadableMedia(Id, "truncated", T0);
        Assert.Equal([new MediaRejected(Id, "porch", Received.FilePath, "truncated", T0)], MediaDecisions.RejectUnreadable(cmd, Given(Received)).Events);
        Assert.Empty(MediaDecisions.RejectUnreadable(cmd, Given(Received, Analyzed)).Events);
    }

    [Fact]
    public void A_replay_replaces_the_newest_analysis_and_names_the_detections_it_replaces()
    {
        var again = new RecordedDetection(9, "car", 0.7, 5, 6, 7, 8, T0, null);
        var replayId = Guid.NewGuid();
        var cmd = new ReanalyseMedia(Id, Model, Timings, null, [again], 0.4, replayId, T0.AddHours(1));
        var first = Assert.IsType<MediaReanalyzed>(Assert.Single(MediaDecisions.Reanalyse(cmd, Given(Received, Analyzed)).Events));
        Assert.Equal([7L], first.ReplacedDetectionIds);
        Assert.Equal((replayId, 0.4), (first.ReplayId, first.ConfidenceThreshold));

        var second = Assert.IsType<MediaReanalyzed>(Assert.Single(MediaDecisions.Reanalyse(cmd, Given(Received, Analyzed, first)).Events));
        Assert.Equal([9L], second.ReplacedDetectionIds);
    }

    [Fact]
    public void Only_an_analysed_file_is_reanalysed()
    {
        var cmd = new ReanalyseMedia(Id, Model, Timings, null, [], 0.4, Guid.NewGuid(), T0);
        Assert.Equal("no such media", MediaDecisions.WhyNotReanalysable(null));
        Assert.Equal("not analysed", MediaDecisions.WhyNotReanalysable(Given(Received)));
        Assert.Equal("no such media", MediaDecisions.WhyNotReanalysable(Given(new DuplicateMediaSkipped(Id, "porch", "/x", "ab", null, T0))));
        Assert.Equal(ErrorKind.Inconsistent, MediaDecisions.Reanalyse(cmd, Given(Received)).Error!.Kind);
    }

    [Fact]
    public void A_files_detections_are_grouped_once()
    {
        var cmd = new MarkMediaGrouped(Id, [3, 4], T0);
        var grouped = Assert.IsType<DetectionsGrouped>(Assert.Single(MediaDecisions.MarkGrouped(cmd, Given(Received, Analyzed)).Events));
        Assert.Equal([3L, 4L], grouped.EventIds);
        Assert.Empty(MediaDecisions.MarkGrouped(cmd, Given(Received, Analyzed, grouped)).Events);
    }

    [Fact]
    public void A_file_expires_once()
    {
        var cmd = new ExpireMedia(Id, "porch", [7], T0.AddDays(31));
        var expired = Assert.IsType<MediaExpired>(Assert.Single(MediaDecisions.Expire(cmd, Given(Received, Analyzed)).Events));
        Assert.Equal([7L], expired.DetectionIds);
        Assert.Empty(MediaDecisions.Expire(cmd, Given(Received, Analyzed, expired)).Events);
        Assert.Empty(MediaDecisions.Expire(cmd, null).Events);
    }

    private static EvictMedia Eviction => new(Id, EvictionReasons.StorageMaxGb, 1234, [EvictedPathKinds.Media, EvictedPathKinds.Thumbnail], false, T0.AddDays(1));

    [Fact]
    public void An_analysed_file_is_evicted_once_with_its_detections_and_is_then_no_longer_reanalysable()
    {
        var evicted = Assert.IsType<MediaEvicted>(Assert.Single(MediaDecisions.Evict(Eviction, Given(Received, Analyzed)).Events));
        Assert.Equal(("porch", EvictionReasons.StorageMaxGb, 1234L, false), (evicted.CameraId, evicted.Reason, evicted.BytesFreed, evicted.Flagged));
        Assert.Equal([Person.DetectionId], evicted.DetectionIds);
        Assert.Equal([EvictedPathKinds.Media, EvictedPathKinds.Thumbnail], evicted.PathKinds);

        var after = Given(Received, Analyzed, evicted);
        Assert.True(after!.Evicted);
        Assert.Empty(MediaDecisions.Evict(Eviction, after).Events);
        Assert.NotNull(MediaDecisions.WhyNotReanalysable(after));
    }

    [Fact]
    public void A_file_waiting_for_its_analysis_or_expired_or_unknown_is_not_evicted()
    {
        Assert.Empty(MediaDecisions.Evict(Eviction, Given(Received)).Events);
        Assert.Empty(MediaDecisions.Evict(Eviction, Given(Received, Analyzed, new MediaExpired(Id, "porch", [7], T0))).Events);
        Assert.Empty(MediaDecisions.Evict(Eviction, null).Events);
        Assert.Single(MediaDecisions.Evict(Eviction, Given(Received, new MediaRejected(Id, "porch", Received.FilePath, "corrupt", T0))).Events);
    }
}
