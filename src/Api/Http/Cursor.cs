using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hsi.Api.Http;

/// <summary>Keyset position: the last item of a page, newest first by (timestamp, id).</summary>
public sealed record Cursor(long Id, DateTimeOffset CreatedAt)
{
    /// <summary>URL-safe base64 of <c>{"id": 1, "created_at": "…"}</c>.</summary>
    public string Encode()
    {
        var json = $"{{\"id\":{Id},\"created_at\":\"{JsonDefaults.Format(CreatedAt)}\"}}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string text, out Cursor? cursor, out string error)
    {
        cursor = null;
        try
        {
            var base64 = text.Trim().Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(base64));
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetInt64();
            var at = DateTimeOffset.Parse(root.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            cursor = new Cursor(id, at.ToUniversalTime());
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // The parser's own words name .NET types; the client only needs to know the cursor is not one of ours.
            error = "Invalid cursor: not a next_cursor this API returned";
            return false;
        }
    }
}
