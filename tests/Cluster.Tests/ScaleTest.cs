using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Hsi.Cluster.Tests;

/// <summary>
/// The cluster as a user deploys it, in CI's size: <c>ops/scale-test --ci</c> starts two API nodes and two workers
/// of the Release build on one PostgreSQL and one Redis, kills a worker and the leading API node with kill -9 while
/// files are analysed, and checks that every file, detection, event and risk decision exists once, no message is
/// dead-lettered, each singular agent runs on one live node, and both nodes' clients and totals agree.
/// </summary>
public sealed partial class ScaleTest(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task Two_API_nodes_and_two_workers_lose_and_repeat_nothing_when_a_worker_and_the_leader_are_killed()
    {
        var root = RepositoryRoot();
        using var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "ops", "scale-test"), "--ci"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var lines = new List<string>();
        void Collect(object _, DataReceivedEventArgs e) { if (e.Data is { } line) lock (lines) lines.Add(line); }
        script.OutputDataReceived += Collect;
        script.ErrorDataReceived += Collect;
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await script.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            script.Kill(entireProcessTree: true);
        }
        string[] report;
        lock (lines) report = [.. lines];
        foreach (var line in report.Where(l => l.StartsWith("PASS", StringComparison.Ordinal) || l.StartsWith("FAIL", StringComparison.Ordinal)
                     || l.StartsWith("figures", StringComparison.Ordinal) || l.StartsWith("[scale-test", StringComparison.Ordinal)))
            output.WriteLine(line);

        var summary = report.Select(l => Summary().Match(l)).LastOrDefault(m => m.Success);
        Assert.True(summary is not null, $"ops/scale-test printed no 'N passed, N failed' (exit {(script.HasExited ? script.ExitCode : -1)}):\n{string.Join('\n', report.TakeLast(40))}");
        Assert.True(summary.Groups["failed"].Value == "0" && script.ExitCode == 0,
            $"ops/scale-test: {summary.Value}\n{string.Join('\n', report.Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)))}");
        Assert.True(int.Parse(summary.Groups["passed"].Value) >= 16, $"ops/scale-test ran fewer checks than it has: {summary.Value}");
    }

    [GeneratedRegex(@"^(?<passed>\d+) passed, (?<failed>\d+) failed$")]
    private static partial Regex Summary();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln"))) return dir.FullName;
        throw new InvalidOperationException("EventSourced.sln not found above the test binaries");
    }
}
