using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hsi.Api.Tests.Hardening;

/// <summary>The API binary itself, started as a user starts it: what it says when it cannot start.</summary>
public class StartupTests
{
    private static readonly string ApiDll = Path.Combine(AppContext.BaseDirectory, "Hsi.Api.dll");

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [ApiDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["CAMERA_ROOT"] = Directory.CreateTempSubdirectory("hsi-startup-").FullName;
        start.Environment["DATA_DIR"] = Directory.CreateTempSubdirectory("hsi-startup-data-").FullName;
        start.Environment["DETECTOR_MODEL_PATH"] = FixturePaths.Model;
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Help_prints_usage()
    {
        var (code, output, _) = await RunAsync(new Dictionary<string, string>(), "--help");
        Assert.Equal(0, code);
        Assert.Contains("usage:", output);
        Assert.Contains("check-model", output);
    }

    [Fact]
    public async Task A_wrong_database_password_is_one_line_with_a_hint_and_exit_code_1()
    {
        var (code, output, error) = await RunAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgresql://hsi:wrong-password@127.0.0.1:5432/hsi_test",
        });
        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("DATABASE_URL", line);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_with_a_hint_and_exit_code_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, output, error) = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            // A database of its own: this process must not take over the test host's durable messages.
            ["DATABASE_URL"] = "postgresql://hsi:hsi@127.0.0.1:5432/hsi_test_startup",
            ["REDIS_URL"] = "redis://127.0.0.1:6379/4",
        });
        Assert.Equal(1, code);
        Assert.Contains("address already in use", error);
        Assert.Contains("ASPNETCORE_URLS", error);
        Assert.DoesNotContain("   at ", output + error);
    }
}
