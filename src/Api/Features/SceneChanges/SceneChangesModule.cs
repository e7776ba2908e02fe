namespace Hsi.Api.Features.SceneChanges;

/// <summary>Scene changes (tamper detection) of cameras.</summary>
public static class SceneChangesModule
{
    public static WebApplicationBuilder AddSceneChanges(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SceneChangeWrites>();
        return builder;
    }
}
