using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hsi.Domain.SecurityEvents;

namespace Hsi.Inference.Risk;

/// <summary>
/// Reads a model's answer: reasoning in <c>&lt;think&gt;…&lt;/think&gt;</c> is dropped, then the first JSON
/// object with a <c>risk_score</c> is taken, wherever it stands (plain, in a ```json fence, after prose).
/// </summary>
public static partial class LlmReply
{
    /// <exception cref="FormatException">The reply holds no such object.</exception>
    public static RiskAnalysis Parse(string content)
    {
        var answer = WithoutReasoning(content);
        var json = FirstObjectWithScore(answer)
            ?? throw new FormatException($"The model's reply holds no JSON object with risk_score: \"{Excerpt(content)}\"");
        return new RiskAnalysis(
            ScoreOf(json["risk_score"]!),
            Text(json["summary"]) ?? "",
            Text(json["reasoning"]) ?? "",
            FactorsOf(json["risk_factors"]),
            Text(json["recommended_action"]),
            content);
    }

    /// <summary>Everything up to the last <c>&lt;/think&gt;</c> is reasoning (some servers drop the opening tag); so is an unclosed <c>&lt;think&gt;</c>.</summary>
    private static string WithoutReasoning(string content)
    {
        var close = content.LastIndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        var answer = close >= 0 ? content[(close + "</think>".Length)..] : content;
        var open = answer.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
        return open >= 0 ? answer[..open] : answer;
    }

    private static JsonObject? FirstObjectWithScore(string text)
    {
        for (var start = text.IndexOf('{'); start >= 0; start = text.IndexOf('{', start + 1))
        {
            if (ObjectAt(text, start) is not { } candidate) continue;
            try
            {
                if (JsonNode.Parse(candidate) is JsonObject obj && obj.ContainsKey("risk_score")) return obj;
            }
            catch (JsonException)
            {
                // Not JSON (prose with braces, a truncated object): look at the next brace.
            }
        }
        return null;
    }

    /// <summary>The text from <paramref name="start"/> to its matching brace, minding strings; null when it never closes.</summary>
    private static string? ObjectAt(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return text[start..(i + 1)];
        }
        return null;
    }

    private static double ScoreOf(JsonNode node)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<double>(out var d)) return d;
            if (value.TryGetValue<string>(out var s) && double.TryParse(s.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
        }
        throw new FormatException($"risk_score is not a number: {node.ToJsonString()}");
    }

    /// <summary>Models write factors as plain strings or as objects with a name, points and a description.</summary>
    private static IReadOnlyList<RiskFactor> FactorsOf(JsonNode? node) =>
        node is not JsonArray array ? [] : array.Select(FactorOf).OfType<RiskFactor>().ToList();

    private static RiskFactor? FactorOf(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            var name = Text(obj["factor"]) ?? Text(obj["name"]) ?? Text(obj["type"]) ?? "";
            var description = Text(obj["description"]) ?? Text(obj["reason"]) ?? Text(obj["details"]) ?? name;
            var points = obj["points"] ?? obj["score"] ?? obj["weight"];
            return new RiskFactor(name.Length > 0 ? name : description, points is null ? 0 : PointsOf(points), description);
        }
        return Text(node) is { Length: > 0 } text ? new RiskFactor(text, 0, text) : null;
    }

    private static int PointsOf(JsonNode node)
    {
        try
        {
            return (int)Math.Round(ScoreOf(node));
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    private static string Excerpt(string content)
    {
        var flat = Whitespace().Replace(content, " ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
