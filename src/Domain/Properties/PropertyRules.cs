using System.Text.RegularExpressions;

namespace Hsi.Domain.Properties;

/// <summary>Shape rules of households, properties and areas (SEED-API §9) that need no other state.</summary>
public static partial class PropertyRules
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 500;
    public const int MaxTimezoneLength = 50;
    public const int MaxDescriptionLength = 1000;
    public const string DefaultTimezone = "UTC";
    public const string DefaultColor = "#76B900";

    /// <summary>The name compared for uniqueness among siblings: "Home" and " home " are the same name.</summary>
    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    public static string? NameProblem(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength) return $"name must be 1–{MaxNameLength} characters after trimming";
        return trimmed.Any(char.IsControl) ? "name must not contain control characters" : null;
    }

    public static string? AddressProblem(string address) =>
        address.Length > MaxAddressLength ? $"address must be at most {MaxAddressLength} characters"
        : address.Any(char.IsControl) ? "address must not contain control characters"
        : null;

    /// <summary>Line breaks and tabs are text in a description; other control characters are not.</summary>
    public static string? DescriptionProblem(string description) =>
        description.Length > MaxDescriptionLength ? $"description must be at most {MaxDescriptionLength} characters"
        : description.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "description must not contain control characters other than line breaks and tabs"
        : null;

    /// <summary>
    /// An IANA id this machine's time zone database knows. Windows ids ("Pacific Standard Time"),
    /// which .NET would also resolve, are refused: the seed and its clients speak IANA. Only the
    /// characters of IANA names reach the look-up, which reads a file named by the id.
    /// </summary>
    public static string? TimezoneProblem(string timezone) =>
        timezone.Length is 0 or > MaxTimezoneLength ? $"timezone must be 1–{MaxTimezoneLength} characters"
        : IanaName().IsMatch(timezone) && TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone) && zone.HasIanaId ? null
        : $"timezone '{timezone}' is not a known IANA time zone";

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9][A-Za-z0-9_+\-]*)*$")]
    private static partial Regex IanaName();

    public static string? ColorProblem(string color) => HexColor().IsMatch(color) ? null : "color must be #RRGGBB";

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
