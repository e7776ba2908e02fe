using Hsi.Api.Configuration;
using Hsi.Inference.Risk;

namespace Hsi.Api.Infrastructure;

public static class RiskAnalyzers
{
    /// <summary>The analyzer RISK_ANALYZER names: <c>rules</c> (default) or <c>llm</c> (an OpenAI-compatible server).</summary>
    public static IServiceCollection AddRiskAnalyzer(this IServiceCollection services, HsiSettings settings)
    {
        services.AddSingleton(new RiskSettings(settings.Timezone));
        if (settings.RiskAnalyzer != "llm") return services.AddSingleton<IRiskAnalyzer, RuleBasedRiskAnalyzer>();

        var options = new LlmOptions(settings.LlmUrl, settings.LlmModel, settings.LlmApiKey,
            TimeSpan.FromSeconds(settings.LlmTimeoutSeconds), settings.LlmMaxRetries);
        // One long-lived client (a singleton Wolverine can inject without service location); pooled connections
        // are renewed so a moved server is found. LlmOptions.Timeout bounds each request, not the client's default.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        services.AddSingleton<IRiskAnalyzer>(sp => new LlmRiskAnalyzer(http, options, sp.GetRequiredService<ILogger<LlmRiskAnalyzer>>()));
        return services;
    }
}
