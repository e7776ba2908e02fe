using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hsi.Inference.Enrichment;

public static class EnrichmentServiceCollectionExtensions
{
    /// <summary>
    /// The enrichment models: <see cref="EnrichmentOptions"/>, the <see cref="EnrichmentModelRegistry"/> (one session per
    /// model, loaded at its first resolution) and <see cref="IDetectionEnricher"/>, all singletons.
    /// </summary>
    public static IServiceCollection AddEnrichmentModels(this IServiceCollection services, EnrichmentOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new EnrichmentModelRegistry(options, sp.GetService<ILogger<EnrichmentModelRegistry>>()));
        services.AddSingleton<IDetectionEnricher>(sp => new OnnxDetectionEnricher(sp.GetRequiredService<EnrichmentModelRegistry>()));
        return services;
    }
}
