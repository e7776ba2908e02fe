namespace Hsi.Api.Features.Zones;

/// <summary>Zones drawn on cameras.</summary>
public static class ZonesModule
{
    public static WebApplicationBuilder AddZones(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ZoneWrites>();
        return builder;
    }
}
