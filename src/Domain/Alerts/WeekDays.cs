using System.Globalization;

namespace Hsi.Domain.Alerts;

/// <summary>
/// Day names as schedules and quiet hours take them (SPEC.md §6): <c>monday</c> or <c>mon</c>, in any
/// case, stored as the full lower-case name; and clock times as <c>HH:MM</c> or <c>HH:MM:SS</c>.
/// </summary>
public static class WeekDays
{
    public static readonly IReadOnlyList<string> All = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The full lower-case name of a day, or null when <paramref name="name"/> names none.</summary>
    public static string? Parse(string? name)
    {
        var n = name?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(n)) return null;
        return All.FirstOrDefault(d => d == n || (n.Length == 3 && d.StartsWith(n, StringComparison.Ordinal)));
    }

    /// <summary>The days named, each once, in week order; or why one of them is no day.</summary>
    public static (IReadOnlyList<string> Days, string? Problem) ParseAll(IReadOnlyList<string> names)
    {
        if (names.Count > 7 * 2) return ([], $"days may list at most {7 * 2} names, not {names.Count}");
        var days = new HashSet<string>();
        foreach (var name in names)
        {
            if (Parse(name) is not { } day) return ([], $"'{Shorten(name)}' is not a day: use monday..sunday or mon..sun");
            days.Add(day);
        }
        return ([.. All.Where(days.Contains)], null);
    }

    public static string NameOf(DayOfWeek day) => All[((int)day + 6) % 7];

    /// <summary><c>HH:MM</c> or <c>HH:MM:SS</c>, 00:00 to 23:59:59; null for anything else (<c>25:00</c>).</summary>
    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>
    /// Whether <paramref name="local"/> (a wall-clock time) is in the window on one of <paramref name="days"/> (every day when
    /// empty). A window whose start is after its end crosses midnight and belongs to the day it starts on: Friday 22:00–06:00
    /// holds Saturday 03:00. No times: the whole of each day.
    /// </summary>
    public static bool InWindow(DateTime local, IReadOnlyList<string> days, TimeOnly? start, TimeOnly? end)
    {
        bool On(DateTime day) => days.Count == 0 || days.Contains(NameOf(day.DayOfWeek));
        if (start is not { } s || end is not { } e) return On(local);
        var t = TimeOnly.FromDateTime(local);
        if (s < e) return t >= s && t < e && On(local);
        return (t >= s && On(local)) || (t < e && On(local.AddDays(-1)));
    }

    private static string Shorten(string? s) => s is null ? "null" : s.Length <= 32 ? s : s[..32] + "…";
}
