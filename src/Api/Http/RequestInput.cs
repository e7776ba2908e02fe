using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Primitives;

namespace Hsi.Api.Http;

/// <summary>
/// How request values are read, one way for every endpoint: timestamps in any offset become UTC,
/// strings never carry NUL or broken UTF-16 (PostgreSQL refuses both), and a value of the wrong
/// type is described in the client's terms, not .NET's.
/// </summary>
public static class RequestInput
{
    public const string NulMessage = "must not contain NUL characters";
    public const string BrokenTextMessage = "must be valid Unicode text";

    public static void Configure(BindingOptions binding)
    {
        binding.ValueParserFor<DateTimeOffset>(ParseTimestamp);
        binding.ValueParserFor(typeof(DateTimeOffset?), ParseTimestamp);
        binding.ValueParserFor<DateOnly>(ParseDate);
        binding.ValueParserFor(typeof(DateOnly?), ParseDate);
        binding.FailureMessage = (type, _, value) => $"{Describe(value)} is not {Expected(type)}";
    }

    /// <summary>ISO 8601 with any offset, converted to UTC. A '+' in a query string arrives as a space, so a space before the offset is read as '+'.</summary>
    public static ParseResult ParseTimestamp(StringValues input)
    {
        var text = input.ToString().Trim();
        if (text.Length > 6 && text[^6] == ' ' && text[^3] == ':') text = text[..^6] + "+" + text[^5..];
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value);
        return new ParseResult(ok, ok ? value.ToUniversalTime() : null);
    }

    /// <summary>A calendar day, ISO 8601 (<c>2026-01-31</c>) and nothing else: a day has no time or offset to drop silently.</summary>
    public static ParseResult ParseDate(StringValues input)
    {
        var ok = DateOnly.TryParseExact(input.ToString().Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value);
        return new ParseResult(ok, ok ? value : null);
    }

    /// <summary>Why a text value cannot be stored, or null when it can.</summary>
    public static string? TextProblem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return NulMessage;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return BrokenTextMessage;
        }
        return null;
    }

    private static string Describe(StringValues value)
    {
        var text = value.ToString();
        return text.Length <= 40 && TextProblem(text) is null ? $"'{text}'" : "the value";
    }

    private static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(t).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "a whole number in range",
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            _ when t == typeof(DateOnly) => "an ISO 8601 date (e.g. 2026-01-01)",
            _ when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "an ISO 8601 date-time (e.g. 2026-01-01T00:00:00Z)",
            _ when t == typeof(Guid) => "a UUID",
            _ => "a valid value",
        };
    }

    /// <summary>
    /// A body means what it says or is refused: numbers are JSON numbers (not <c>"5"</c>), names match
    /// exactly (<c>retentionDays</c> is not <c>retention_days</c>), and a name the request does not have
    /// is 422 rather than silently ignored.
    /// </summary>
    public static void MakeStrict(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    /// <summary>
    /// The first string of a JSON body (a value or a name) that cannot be stored, with the name of the
    /// field it is in; null when every string can be, or when the body is not JSON (its endpoint says so).
    /// </summary>
    public static (string Field, string Problem)? JsonTextProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var field = "__root__";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String)) continue;
                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    // An escaped lone surrogate (\ud800) or bytes that are not UTF-8.
                    return (reader.TokenType == JsonTokenType.PropertyName ? "__key__" : field, BrokenTextMessage);
                }
                if (TextProblem(text) is { } problem) return (reader.TokenType == JsonTokenType.PropertyName ? "__key__" : field, problem);
                if (reader.TokenType == JsonTokenType.PropertyName) field = text;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }
}
