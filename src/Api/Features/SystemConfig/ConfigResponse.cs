using System.Reflection;
using Hsi.Domain.SystemConfig;

namespace Hsi.Api.Features.SystemConfig;

/// <summary>The effective configuration clients may see (CONTRACT.md ConfigResponse); nothing secret.</summary>
public sealed record ConfigResponse(
    string AppName, string Version, int RetentionDays, int LogRetentionDays, int BatchWindowSeconds, int BatchIdleTimeoutSeconds,
    double DetectionConfidenceThreshold, double FastPathConfidenceThreshold, string GrafanaUrl, bool Debug)
{
    public const string ApplicationName = "Home Security Intelligence";

    private static readonly string AppVersion =
        typeof(ConfigResponse).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Whole seconds, as the contract has them (an environment value like 0.5 shows as 1).</summary>
    public static ConfigResponse Of(RuntimeSettings s, HsiSettings settings, IHostEnvironment environment) => new(
        ApplicationName, AppVersion, s.RetentionDays, s.LogRetentionDays,
        Math.Max(1, (int)Math.Round(s.BatchWindowSeconds)), Math.Max(1, (int)Math.Round(s.BatchIdleTimeoutSeconds)),
        s.DetectionConfidenceThreshold, s.FastPathConfidenceThreshold, settings.GrafanaUrl, environment.IsDevelopment());
}
