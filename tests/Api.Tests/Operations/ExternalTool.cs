using System.Diagnostics;

namespace Hsi.Api.Tests.Operations;

/// <summary>Runs a tool that ops/services installs (promtool, Alertmanager); a missing one fails the test with how to get it.</summary>
public static class ExternalTool
{
    public static string Require(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new InvalidOperationException($"{name} is not installed: run ops/services (it installs the Debian packages prometheus and prometheus-alertmanager)");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string name, string arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(Require(name), arguments)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await errors);
    }
}
