using Hsi.Inference.Detection;
using Hsi.Inference.Handlers;
using Hsi.Inference.Resilience;
using Hsi.Inference.Risk;

namespace Hsi.Api.Infrastructure;

/// <summary>The analysis pipeline's parts: the detector, video sampling, batching and the risk analyzer.</summary>
public static class AnalysisModule
{
    public static WebApplicationBuilder AddAnalysis(this WebApplicationBuilder builder, HsiSettings settings)
    {
        builder.Services.AddSingleton(new DetectorOptions(
            settings.DetectorModelPath,
            ModelFamilies.Parse(settings.DetectorModelFamily),
            DetectorOptions.ParseDevice(settings.DetectorDevice),
            MaxImagePixels: settings.MaxImagePixels));
        builder.Services.AddSingleton<DetectorHost>();
        builder.Services.AddSingleton(new AnalysisSettings(settings.VideoSampleFps, settings.VideoMaxFrames));
        builder.Services.AddSingleton(settings.BatchSettings);
        builder.Services.AddSingleton(settings.TrackerSettings);
        builder.Services.AddSingleton(new Hsi.Domain.Scenes.SceneSettings(settings.SceneChangeThreshold));
        builder.Services.AddRiskAnalyzer(settings);
        return builder;
    }

    /// <summary>
    /// A detector that cannot exist (DETECTOR_DEVICE=cuda without CUDA) stops start-up with the reason;
    /// a model that is merely missing does not: health says why and media waits for it.
    /// </summary>
    public static string? LoadDetector(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<DetectorHost>().LoadAtStartup();
            return null;
        }
        catch (DetectorDeviceException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The analyzer RISK_ANALYZER names: <c>rules</c> (default) or <c>llm</c> (an OpenAI-compatible server).</summary>
    private static IServiceCollection AddRiskAnalyzer(this IServiceCollection services, HsiSettings settings)
    {
        services.AddSingleton(new RiskSettings(settings.Timezone));
        if (settings.RiskAnalyzer != "llm")
            return services.AddSingleton(CircuitBreaker.Unused(LlmRiskAnalyzer.CircuitBreakerName, settings.LlmCircuitBreaker))
                .AddSingleton<IRiskAnalyzer, RuleBasedRiskAnalyzer>();

        var options = new LlmOptions(settings.LlmUrl, settings.LlmModel, settings.LlmApiKey,
            TimeSpan.FromSeconds(settings.LlmTimeoutSeconds), settings.LlmMaxRetries);
        // One long-lived client (a singleton Wolverine can inject without service location); pooled connections
        // are renewed so a moved server is found. LlmOptions.Timeout bounds each request, not the client's default.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        // Per node: each node's breaker sees the requests it makes itself.
        services.AddSingleton(sp => new CircuitBreaker(LlmRiskAnalyzer.CircuitBreakerName, settings.LlmCircuitBreaker,
            LlmRiskAnalyzer.IsServerFailure, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CircuitBreaker>>()));
        services.AddSingleton<IRiskAnalyzer>(sp => new LlmRiskAnalyzer(http, options, sp.GetRequiredService<CircuitBreaker>(),
            sp.GetRequiredService<ILogger<LlmRiskAnalyzer>>()));
        return services;
    }
}
