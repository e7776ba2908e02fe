using Hsi.Api.Features.AiAudit.Redetect;
using Hsi.Api.Features.AiAudit.Replay;
using Hsi.Api.Features.Jobs;

namespace Hsi.Api.Features.AiAudit;

public static class AiAuditModule
{
    /// <summary>The AI audit's replays, as job kinds the job runner starts, and what they need.</summary>
    public static IServiceCollection AddAiAudit(this IServiceCollection services)
    {
        services.AddSingleton<RiskAnalyzerChoice>();
        services.AddSingleton<ReplayModels>();
        services.AddSingleton<RiskReplayJob>();
        services.AddSingleton<RedetectJob>();
        services.AddSingleton<IJobKind>(sp => sp.GetRequiredService<RiskReplayJob>());
        services.AddSingleton<IJobKind>(sp => sp.GetRequiredService<RedetectJob>());
        return services;
    }
}
