namespace Hsi.Domain.Properties;

public record CreateHousehold(int HouseholdId, string Name);

public record RenameHousehold(int HouseholdId, string Name);

public record DeleteHousehold(int HouseholdId);

/// <summary>The fields a client sent; null means "not sent" (on create: timezone UTC, no address).</summary>
public sealed record PropertyFields(string? Name = null, string? Address = null, string? Timezone = null);

public record CreateProperty(int PropertyId, int HouseholdId, PropertyFields Fields);

public record ChangeProperty(int PropertyId, PropertyFields Fields);

public record DeleteProperty(int PropertyId);

/// <summary>The fields a client sent; null means "not sent" (on create: colour #76B900, no description).</summary>
public sealed record AreaFields(string? Name = null, string? Description = null, string? Color = null);

public record CreateArea(int AreaId, int PropertyId, AreaFields Fields);

public record ChangeArea(int AreaId, AreaFields Fields);

public record DeleteArea(int AreaId);

/// <summary>
/// Which live sibling (same parent) already holds the name asked for, compared trimmed and case-insensitively,
/// or null; the writer reads it while holding the parent's turn, so two creates of one name cannot both pass.
/// </summary>
public readonly record struct NameClaim(int? HeldBy)
{
    public static readonly NameClaim Free = new(null);
}
