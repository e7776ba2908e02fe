using System.Globalization;

namespace Hsi.Api.Http;

/// <summary>One HTTP byte range, already resolved against the resource size (inclusive ends).</summary>
public readonly record struct ByteRange(long Start, long End)
{
    public long Length => End - Start + 1;

    /// <summary>
    /// Parses <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-N</c>; the end is clamped to the size.
    /// Null for a malformed or unsatisfiable range (416).
    /// </summary>
    public static ByteRange? Parse(string header, long size)
    {
        const string prefix = "bytes=";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || size <= 0) return null;
        var spec = header[prefix.Length..].Trim();
        if (spec.Contains(',')) return null;
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var (first, last) = (spec[..dash].Trim(), spec[(dash + 1)..].Trim());

        if (first.Length == 0)
        {
            if (!TryParse(last, out var suffix) || suffix == 0) return null;
            return new ByteRange(Math.Max(0, size - suffix), size - 1);
        }
        if (!TryParse(first, out var start) || start >= size) return null;
        if (last.Length == 0) return new ByteRange(start, size - 1);
        if (!TryParse(last, out var end) || end < start) return null;
        return new ByteRange(start, Math.Min(end, size - 1));
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
