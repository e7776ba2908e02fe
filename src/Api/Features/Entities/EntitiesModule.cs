using Hsi.Inference.Enrichment;
using Hsi.Inference.Entities;

namespace Hsi.Api.Features.Entities;

/// <summary>Re-identified people and known plates: matching at enrichment, trust, merges and rejections.</summary>
public static class EntitiesModule
{
    public static WebApplicationBuilder AddEntities(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddSingleton(new EntityMatchSettings(settings.EntityMatchThreshold, settings.EntityIndexMaxEmbeddings));
        builder.Services.AddSingleton<EntityIndex>();
        builder.Services.AddSingleton<IAppearanceRecorder, AppearanceRecorder>();
        builder.Services.AddSingleton<EntityWrites>();
        return builder;
    }
}
