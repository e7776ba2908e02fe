using System.Globalization;

namespace Hsi.Domain.Baselines;

/// <summary>Detections of one class at one camera in one UTC hour (hours since the Unix epoch), summed over its files.</summary>
public sealed record HourClassCount(long UnixHour, string ObjectType, int Count);

/// <summary>Running sums of a sample of hourly counts: enough for its mean and (population) standard deviation, and to leave one hour out.</summary>
public readonly record struct Moments(int Samples, double Sum, double SumOfSquares)
{
    public Moments Add(double x) => new(Samples + 1, Sum + x, SumOfSquares + x * x);
    public Moments Remove(double x) => new(Samples - 1, Sum - x, SumOfSquares - x * x);
    public double Mean => Samples == 0 ? 0 : Sum / Samples;

    /// <summary>√(Σx²/n − mean²): the hours sampled are the whole population of the window, not a sample of it.</summary>
    public double StdDev => Samples == 0 ? 0 : Math.Sqrt(Math.Max(0, SumOfSquares / Samples - Mean * Mean));
}

/// <summary>One sampled hour of a camera, in its local time: day 0 = Monday … 6 = Sunday, hour 0–23.</summary>
public sealed record ObservedHour(long UnixHour, int Day, int Hour, int Total, IReadOnlyDictionary<string, int> ByClass)
{
    public DateTimeOffset StartUtc => DateTimeOffset.FromUnixTimeSeconds(UnixHour * 3600);
    public int WeekCell => Day * 24 + Hour;
}

/// <summary>One class at one local hour of day: the sum of its counts and in how many sampled hours it appeared.</summary>
public readonly record struct ClassAtHour(double Sum, int HoursSeen)
{
    public ClassAtHour Add(int count) => count == 0 ? this : new(Sum + count, HoursSeen + 1);
}

/// <summary>
/// An hour judged unusual: its whole count (<see cref="ObjectType"/> null) beyond the threshold, or a
/// class (almost) never seen at that hour. <see cref="ZScore"/> is null when the baseline never varied
/// (σ = 0), which counts as infinitely far.
/// </summary>
public sealed record BaselineAnomaly(
    DateTimeOffset Hour, string? ObjectType, double Score, double? ZScore, double Expected, int Observed,
    int SampledHours, string Reason);

/// <summary>
/// What a camera's baseline said of one hour (the risk analyzer's input): the local hour, how many other
/// hours its cell was learnt from, the count expected and seen, whether the cell had min_samples hours, and the anomalies.
/// </summary>
public sealed record HourBaseline(
    DateTimeOffset Hour, int LocalHour, int SampledHours, double ExpectedCount, int ObservedCount, bool Established,
    IReadOnlyList<BaselineAnomaly> Anomalies);

/// <summary>
/// A camera's activity baseline over its window (SPEC.md §6 Baselines): every UTC hour from the later of
/// the window's start and the camera's first observed hour up to (not including) <see cref="ToHour"/>,
/// hours without detections included as zeros, each placed in the camera's local hour-of-week.
/// Count cells: 168 hour-of-week cells and 24 hour-of-day cells (all weekdays together); class cells:
/// per class × hour of day. Pure: the caller reads the counts and the time zone.
/// </summary>
public sealed class ActivityBaseline
{
    public const int WeekCells = 168;
    private static readonly IReadOnlyDictionary<string, int> NoDetections = new Dictionary<string, int>();
    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public long FromHour { get; }
    public long ToHour { get; }
    public TimeZoneInfo Zone { get; }
    public IReadOnlyList<ObservedHour> Hours { get; }
    public Moments[] Week { get; } = new Moments[WeekCells];
    public Moments[] Day { get; } = new Moments[24];
    public IReadOnlyDictionary<string, ClassAtHour[]> Classes { get; }

    private ActivityBaseline(long fromHour, long toHour, TimeZoneInfo zone, IReadOnlyList<ObservedHour> hours, Dictionary<string, ClassAtHour[]> classes)
    {
        (FromHour, ToHour, Zone, Hours, Classes) = (fromHour, toHour, zone, hours, classes);
        foreach (var h in hours)
        {
            Week[h.WeekCell] = Week[h.WeekCell].Add(h.Total);
            Day[h.Hour] = Day[h.Hour].Add(h.Total);
        }
    }

    public int SampledHours => Hours.Count;

    /// <summary>The baseline of the hours [<paramref name="fromHour"/>, <paramref name="toHour"/>) from <paramref name="counts"/> (others ignored).</summary>
    public static ActivityBaseline Of(IEnumerable<HourClassCount> counts, long fromHour, long toHour, TimeZoneInfo zone)
    {
        var byHour = Group(counts.Where(c => c.UnixHour >= fromHour && c.UnixHour < toHour));
        var hours = new List<ObservedHour>((int)Math.Max(0, toHour - fromHour));
        var classes = new Dictionary<string, ClassAtHour[]>(StringComparer.Ordinal);
        for (var h = fromHour; h < toHour; h++)
        {
            var hour = Observe(h, byHour.GetValueOrDefault(h) ?? NoDetections, zone);
            hours.Add(hour);
            foreach (var (type, count) in hour.ByClass)
            {
                if (!classes.TryGetValue(type, out var cells)) classes[type] = cells = new ClassAtHour[24];
                cells[hour.Hour] = cells[hour.Hour].Add(count);
            }
        }
        return new ActivityBaseline(fromHour, toHour, zone, hours, classes);
    }

    /// <summary>The hours of <paramref name="counts"/> that had detections, in local time.</summary>
    public static IReadOnlyList<ObservedHour> ObservedHours(IEnumerable<HourClassCount> counts, TimeZoneInfo zone) =>
        [.. Group(counts).OrderBy(g => g.Key).Select(g => Observe(g.Key, g.Value, zone))];

    public static ObservedHour Observe(long unixHour, IReadOnlyDictionary<string, int> byClass, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixHour * 3600), zone);
        var day = ((int)local.DayOfWeek + 6) % 7;
        return new ObservedHour(unixHour, day, local.Hour, byClass.Values.Sum(), byClass);
    }

    private static Dictionary<long, IReadOnlyDictionary<string, int>> Group(IEnumerable<HourClassCount> counts) =>
        counts.GroupBy(c => c.UnixHour).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, int>)g.GroupBy(c => c.ObjectType, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Sum(x => x.Count), StringComparer.Ordinal));

    /// <summary>
    /// What is unusual about <paramref name="hour"/>, judged against the other hours of the baseline
    /// (the hour itself left out when it lies in the window):
    /// its count against its hour-of-week cell, or its hour-of-day cell while the week cell has fewer than
    /// min_samples hours; each class in it against how often that class appeared at that hour of day.
    /// Nothing is judged on a cell with fewer than min_samples hours.
    /// </summary>
    public IReadOnlyList<BaselineAnomaly> AnomaliesOf(ObservedHour hour, AnomalyConfig config)
    {
        var anomalies = new List<BaselineAnomaly>();
        var inWindow = InWindow(hour);
        var day = Others(Day[hour.Hour], hour);
        var at = Clock(hour.Hour);

        var (cell, cellName) = CountCellOf(hour, config);
        if (cell.Samples >= config.MinSamples && hour.Total > cell.Mean)
        {
            var z = cell.StdDev > 0 ? (hour.Total - cell.Mean) / cell.StdDev : double.PositiveInfinity;
            if (z > config.ThresholdStdev)
                anomalies.Add(new BaselineAnomaly(hour.StartUtc, null, Score(z, config), Finite(z), cell.Mean, hour.Total, cell.Samples,
                    Invariant($"{hour.Total} detections in the hour against a mean of {cell.Mean:0.##} (σ {cell.StdDev:0.##}) over {cell.Samples} other {cellName} hours")));
        }

        if (day.Samples < config.MinSamples) return anomalies;
        foreach (var (type, count) in hour.ByClass.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (count == 0) continue;
            var known = Classes.TryGetValue(type, out var cells) ? cells[hour.Hour] : default;
            var seen = known.HoursSeen - (inWindow ? 1 : 0);
            var sum = known.Sum - (inWindow ? count : 0);
            // Presence as a yes/no per hour with rate p: one more "yes" lies √((1−p)/p) standard deviations out.
            var p = (double)seen / day.Samples;
            var z = p > 0 ? Math.Sqrt((1 - p) / p) : double.PositiveInfinity;
            if (z <= config.ThresholdStdev) continue;
            var reason = seen == 0
                ? $"{type} at {at}, where none was seen in the {day.Samples} other {at} hours"
                : $"{type} at {at}, seen in only {seen} of the {day.Samples} other {at} hours";
            anomalies.Add(new BaselineAnomaly(hour.StartUtc, type, Score(z, config), Finite(z), sum / day.Samples, count, day.Samples, reason));
        }
        return anomalies;
    }

    /// <summary>
    /// The other hours <paramref name="hour"/>'s count is compared with: its hour-of-week cell, or its
    /// hour-of-day cell while the week cell has fewer than min_samples hours; with the cell's name in words.
    /// </summary>
    public (Moments Cell, string Name) CountCellOf(ObservedHour hour, AnomalyConfig config)
    {
        var week = Others(Week[hour.WeekCell], hour);
        return week.Samples >= config.MinSamples ? (week, $"{DayNames[hour.Day]} {Clock(hour.Hour)}") : (Others(Day[hour.Hour], hour), Clock(hour.Hour));
    }

    private bool InWindow(ObservedHour hour) => hour.UnixHour >= FromHour && hour.UnixHour < ToHour;

    /// <summary>The cell without the hour itself, when the hour is one of its samples.</summary>
    private Moments Others(Moments cell, ObservedHour hour) => InWindow(hour) ? cell.Remove(hour.Total) : cell;

    /// <summary>What the baseline says of <paramref name="hour"/>: the count its cell expects, from how many hours, and what is unusual.</summary>
    public HourBaseline Judge(ObservedHour hour, AnomalyConfig config)
    {
        var (cell, _) = CountCellOf(hour, config);
        return new HourBaseline(hour.StartUtc, hour.Hour, cell.Samples, Math.Round(cell.Mean, 4), hour.Total, cell.Samples >= config.MinSamples, AnomaliesOf(hour, config));
    }

    /// <summary>0–1: 0.5 at the threshold, towards 1 the further out.</summary>
    private static double Score(double z, AnomalyConfig config) =>
        double.IsPositiveInfinity(z) ? 1 : Math.Round(z / (z + config.ThresholdStdev), 4);

    private static double? Finite(double z) => double.IsFinite(z) ? Math.Round(z, 4) : null;

    public static string Clock(int hour) => $"{hour:00}:00";

    public static string DayName(int day) => DayNames[day];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
