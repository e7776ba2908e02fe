using System.Globalization;
using Prometheus;
using StackExchange.Redis;

namespace Hsi.Api.Features.Operations;

/// <summary>Statistics of one stage's samples in a window, in milliseconds.</summary>
public sealed record LatencyStats(double AvgMs, double MinMs, double MaxMs, double P50Ms, double P95Ms, double P99Ms, int SampleCount)
{
    public static LatencyStats? Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return null;
        var sorted = samples.Order().ToArray();
        // Nearest rank: the smallest sample with at least p of them at or below it.
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(Math.Round(sorted.Average(), 1), sorted[0], sorted[^1], Rank(0.50), Rank(0.95), Rank(0.99), sorted.Length);
    }
}

/// <summary>
/// Samples of how long each stretch of the pipeline took, shared by the cluster in Redis (the stages of one file
/// happen on different nodes): a sorted set per stage scored by when the stage ended, at most <see cref="MaxSamples"/>
/// each, kept a day (the longest window asked for). Each sample is also observed in
/// <c>hsi_pipeline_latency_seconds{stage}</c>. Without Redis nothing is kept and the stages read null.
/// </summary>
public sealed class PipelineLatencies(IConnectionMultiplexer redis, HsiSettings settings, ILogger<PipelineLatencies> logger)
{
    public const string WatchToDetect = "watch_to_detect", DetectToBatch = "detect_to_batch", BatchToAnalyze = "batch_to_analyze", Total = "total_pipeline";
    public static readonly IReadOnlyList<string> Stages = [WatchToDetect, DetectToBatch, BatchToAnalyze, Total];
    public const int MaxSamples = 1000;
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    private static readonly Histogram Latency = Metrics.CreateHistogram(
        "hsi_pipeline_latency_seconds", "Time between pipeline stages: file received to detections recorded, detections to their batch, batch closed to risk decided, and file received to risk decided.",
        new HistogramConfiguration { LabelNames = ["stage"], Buckets = Histogram.ExponentialBuckets(0.01, 2, 17) });

    /// <summary>One stretch of the pipeline: which, when it ended, how long it took, and the store event it came from (a replay adds nothing twice).</summary>
    public sealed record Sample(string Stage, DateTimeOffset EndedAt, TimeSpan Took, long Sequence);

    private RedisKey KeyOf(string stage) => $"{settings.RedisPrefix}:latency:{stage}";

    public async Task RecordAsync(IReadOnlyList<Sample> samples)
    {
        if (samples.Count == 0) return;
        foreach (var s in samples) Latency.WithLabels(s.Stage).Observe(Math.Max(0, s.Took.TotalSeconds));
        try
        {
            var db = redis.GetDatabase();
            var writes = new List<Task>();
            foreach (var stage in samples.GroupBy(s => s.Stage))
            {
                var key = KeyOf(stage.Key);
                writes.Add(db.SortedSetAddAsync(key, [.. stage.Select(s => new SortedSetEntry(
                    $"{s.Sequence}:{Math.Max(0, Math.Round(s.Took.TotalMilliseconds, 1)).ToString(CultureInfo.InvariantCulture)}",
                    s.EndedAt.ToUnixTimeMilliseconds()))]));
                writes.Add(db.SortedSetRemoveRangeByRankAsync(key, 0, -MaxSamples - 1));
                writes.Add(db.KeyExpireAsync(key, KeptFor));
            }
            await Task.WhenAll(writes);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Pipeline latency samples not kept: {Error}", ex.Message);
        }
    }

    /// <summary>Each stage's samples that ended since <paramref name="since"/>, as (when, milliseconds); null per stage without Redis.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset At, double Ms)>?>> SamplesAsync(DateTimeOffset since)
    {
        var db = redis.GetDatabase();
        var result = new Dictionary<string, IReadOnlyList<(DateTimeOffset, double)>?>();
        foreach (var stage in Stages)
        {
            try
            {
                var entries = await db.SortedSetRangeByScoreWithScoresAsync(KeyOf(stage), since.ToUnixTimeMilliseconds());
                result[stage] = [.. entries.Select(e => (DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score),
                    double.Parse(((string)e.Element!).Split(':')[1], CultureInfo.InvariantCulture)))];
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                result[stage] = null;
            }
        }
        return result;
    }
}
