using System.Diagnostics;

namespace Hsi.Api.Tests.Operations;

/// <summary>
/// The deployment files (docker/: images, compose, Kubernetes; ops/prometheus, ops/alertmanager, ops/grafana)
/// validate without a Docker engine or a cluster: ops/check-deploy, whose tools ops/test installs.
/// </summary>
public class DeploymentFilesTests
{
    [Fact]
    public async Task Check_deploy_finds_no_problem_in_the_images_compose_kubernetes_and_monitoring_files()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(FixturePaths.RepositoryRoot, "ops", "check-deploy")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = FixturePaths.RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var report = await output + await errors;
        Assert.True(process.ExitCode == 0, report);
        Assert.Contains(" 0 failed", report);
    }
}
