using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hsi.Api.Http;

/// <summary>
/// The <c>fields=a,b</c> query parameter: only those fields (and always <c>id</c>) of each item.
/// An unknown field is the client's inconsistency (400), listed with the valid ones.
/// </summary>
public sealed class FieldSelection
{
    private readonly HashSet<string>? _fields;

    private FieldSelection(HashSet<string>? fields) => _fields = fields;

    public static readonly FieldSelection All = new(null);

    public bool IsAll => _fields is null;

    public static bool TryParse(string? fields, IReadOnlyCollection<string> valid, out FieldSelection selection, out string error)
    {
        selection = All;
        error = "";
        if (string.IsNullOrWhiteSpace(fields)) return true;

        var requested = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        var unknown = requested.Where(f => !valid.Contains(f)).Order().ToList();
        if (unknown.Count > 0)
        {
            error = $"Invalid fields requested: {string.Join(", ", unknown)}. Valid fields: {string.Join(", ", valid.Order())}";
            return false;
        }
        requested.Add("id");
        selection = new FieldSelection(requested);
        return true;
    }

    /// <summary>The JSON names of <typeparamref name="T"/>'s properties, as clients see them.</summary>
    public static IReadOnlyCollection<string> NamesOf<T>() =>
        typeof(T).GetProperties()
            .Where(p => !p.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true))
            .Select(p => JsonDefaults.Options.PropertyNamingPolicy!.ConvertName(p.Name)).ToArray();

    public IReadOnlyList<object> Apply<T>(IEnumerable<T> items) where T : notnull =>
        _fields is null
            ? items.Cast<object>().ToList()
            : items.Select(item => (object)Filter(JsonSerializer.SerializeToNode(item, JsonDefaults.Options)!.AsObject())).ToList();

    private JsonObject Filter(JsonObject node)
    {
        foreach (var name in node.Select(p => p.Key).Where(k => !_fields!.Contains(k)).ToList()) node.Remove(name);
        return node;
    }
}
