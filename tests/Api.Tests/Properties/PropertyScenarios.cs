using Alba;

namespace Hsi.Api.Tests.Properties;

/// <summary>Households, properties and areas as a test starts from them, created over HTTP.</summary>
public static class PropertyScenarios
{
    public static async Task<HouseholdBody> HouseholdAsync(this IAlbaHost host, string name = "Home") =>
        (await host.SendAsync(HttpMethod.Post, "/api/v1/households", new { name }, 201)).As<HouseholdBody>();

    public static async Task<PropertyBody> PropertyAsync(this IAlbaHost host, int householdId, string name = "Cabin", string? timezone = null) =>
        (await host.SendAsync(HttpMethod.Post, $"/api/v1/households/{householdId}/properties",
            timezone is null ? new { name } : new { name, timezone }, 201)).As<PropertyBody>();

    public static async Task<AreaBody> AreaAsync(this IAlbaHost host, int propertyId, string name = "Front Yard") =>
        (await host.SendAsync(HttpMethod.Post, $"/api/v1/properties/{propertyId}/areas", new { name }, 201)).As<AreaBody>();
}

public sealed record HouseholdBody(int Id, string Name, DateTimeOffset CreatedAt);

public sealed record PropertyBody(int Id, int HouseholdId, string Name, string? Address, string Timezone, DateTimeOffset CreatedAt);

public sealed record AreaBody(int Id, int PropertyId, string Name, string? Description, string Color, DateTimeOffset CreatedAt);

/// <summary>The fields of a camera response this area reads.</summary>
public sealed record PlacedCamera(string Id, int? PropertyId, AreaBasicBody[] Areas);

public sealed record AreaBasicBody(int Id, string Name);
