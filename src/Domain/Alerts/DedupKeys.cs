using System.Text;
using System.Text.RegularExpressions;

namespace Hsi.Domain.Alerts;

/// <summary>
/// What counts as "the same alert" for a rule's cooldown: its <c>dedup_key_template</c> rendered for an
/// event. Variables <c>{camera_id}</c>, <c>{rule_id}</c>, <c>{object_type}</c>; a key holds only
/// <c>[A-Za-z0-9_:-]</c> (anything else becomes <c>_</c>) and at most 255 characters.
/// </summary>
public static partial class DedupKeys
{
    public const string DefaultTemplate = "{camera_id}:{rule_id}";
    public const int MaxLength = 255;
    public static readonly IReadOnlyList<string> Variables = ["camera_id", "rule_id", "object_type"];

    /// <summary>Why <paramref name="template"/> is not a usable template, or null when it is.</summary>
    public static string? Problem(string template)
    {
        if (template.Length is 0 or > MaxLength) return $"dedup_key_template must be 1–{MaxLength} characters";
        var rest = Placeholder().Replace(template, m =>
            Variables.Contains(m.Groups[1].Value) ? "" : $"\u0000{m.Groups[1].Value}\u0000");
        if (rest.IndexOf('\u0000') is var at and >= 0)
        {
            var unknown = rest[(at + 1)..rest.IndexOf('\u0000', at + 1)];
            return $"dedup_key_template has an unknown variable {{{unknown}}}; the variables are {string.Join(", ", Variables.Select(v => $"{{{v}}}"))}";
        }
        if (rest.Any(c => c is '{' or '}')) return "dedup_key_template has an unmatched { or }";
        return rest.All(KeyChar) ? null : "dedup_key_template may hold only letters, digits, '_', ':' and '-' besides its variables";
    }

    public static string Render(string template, string cameraId, Guid ruleId, string? objectType)
    {
        var key = Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "camera_id" => cameraId,
            "rule_id" => ruleId.ToString(),
            "object_type" => objectType ?? "any",
            _ => m.Value,
        });
        var clean = new StringBuilder(key.Length);
        foreach (var c in key) clean.Append(KeyChar(c) ? c : '_');
        return clean.Length <= MaxLength ? clean.ToString() : clean.ToString(0, MaxLength);
    }

    private static bool KeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '-';

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();
}
