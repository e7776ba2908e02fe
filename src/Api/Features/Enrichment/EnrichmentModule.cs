using Hsi.Api.Features.Enrichment.Reenrich;
using Hsi.Api.Features.Jobs;
using Hsi.Inference.Detection;
using Hsi.Inference.Enrichment;
using Hsi.Inference.Handlers;

namespace Hsi.Api.Features.Enrichment;

public static class EnrichmentModule
{
    /// <summary>
    /// The enrichment stage (ENRICHMENT_ENABLED, ENRICHMENT_WAIT_SECONDS) and its replay job. Its handler runs on
    /// the <c>enrichment</c> queue (EnrichmentRouting); the analysis handlers send it nothing while the stage is off.
    /// </summary>
    public static WebApplicationBuilder AddEnrichment(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddSingleton(new EnrichmentStageSettings(settings.EnrichmentEnabled, settings.EnrichmentWaitSeconds, settings.MaxImagePixels));
        // The models load at their first use; with the stage off they are listed as unavailable and never load.
        builder.Services.AddEnrichmentModels(EnrichmentOptions.Read(key => builder.Configuration[key],
            HsiSettings.HomeDirectory(builder.Configuration["HSI_HOME"]), DetectorOptions.ParseDevice(settings.DetectorDevice)));
        builder.Services.AddSingleton<ReenrichJob>();
        builder.Services.AddSingleton<IJobKind>(sp => sp.GetRequiredService<ReenrichJob>());
        return builder;
    }
}
