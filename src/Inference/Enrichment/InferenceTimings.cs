namespace Hsi.Inference.Enrichment;

/// <summary>
/// How long one model's recent runs took: a bounded ring of the last <see cref="Capacity"/> timings (so the
/// percentiles follow the present load, in constant memory) and the count of every run. Thread-safe.
/// </summary>
public sealed class InferenceTimings
{
    public const int Capacity = 512;
    private readonly double[] _ring = new double[Capacity];
    private readonly Lock _gate = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double milliseconds)
    {
        lock (_gate)
        {
            _ring[_count % Capacity] = milliseconds;
            _count++;
        }
    }

    /// <summary>The 50th and 95th percentiles (nearest rank) of the recent runs; null before the first.</summary>
    public (double? P50, double? P95) Percentiles()
    {
        double[] recent;
        lock (_gate)
        {
            recent = _ring[..(int)Math.Min(_count, Capacity)];
        }
        if (recent.Length == 0) return (null, null);
        Array.Sort(recent);
        double Rank(double p) => recent[Math.Clamp((int)Math.Ceiling(p * recent.Length) - 1, 0, recent.Length - 1)];
        return (Math.Round(Rank(0.50), 3), Math.Round(Rank(0.95), 3));
    }
}
