namespace Hsi.Api.Features.Properties;

/// <summary>Households, their properties (each with its time zone) and the properties' areas.</summary>
public static class PropertiesModule
{
    public static WebApplicationBuilder AddProperties(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PropertyWrites>();
        return builder;
    }
}
