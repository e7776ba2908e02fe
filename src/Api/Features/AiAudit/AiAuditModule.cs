using Hsi.Api.Features.AiAudit.Redetect;
using Hsi.Api.Features.AiAudit.Replay;
using Hsi.Api.Features.Jobs;

namespace Hsi.Api.Features.AiAudit;

public static class AiAuditModule
{
    /// <summary>The AI audit's replays, as job kinds the job runner starts, and what they need.</summary>
    public static WebApplicationBuilder AddAiAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RiskAnalyzerChoice>();
        builder.Services.AddSingleton<ReplayModels>();
        builder.Services.AddSingleton<RiskReplayJob>();
        builder.Services.AddSingleton<RedetectJob>();
        builder.Services.AddSingleton<IJobKind>(sp => sp.GetRequiredService<RiskReplayJob>());
        builder.Services.AddSingleton<IJobKind>(sp => sp.GetRequiredService<RedetectJob>());
        return builder;
    }
}
