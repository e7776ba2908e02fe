using System.Diagnostics;
using Alba;
using Marten;
using Hsi.Api.Tests.Jobs;

namespace Hsi.Api.Tests.Admin;

/// <summary>The API binary as an operator runs it from a shell: <c>Hsi.Api projections --rebuild</c>.</summary>
[Collection(JobsCollection.Name)]
public class ProjectionCommandTests(JobsFixture app)
{
    [Fact]
    public async Task Projections_rebuild_from_the_shell_rebuilds_one_projection_and_exits_0()
    {
        await app.ResetAsync();
        await app.Host.Scenario(s => { s.Post.Json(new { name = "Porch", folder_path = "porch" }).ToUrl("/api/cameras"); s.StatusCodeShouldBe(201); });
        await app.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(Hsi.Projections.Cameras.CameraView));
        var settings = HostFixture.TestSettings(app.CameraRoot, app.DataDir, app.ModelPath);
        var (code, output, error) = await RunApiAsync(settings, "projections", "--rebuild", "-p", "CameraView");
        Assert.True(code == 0, output + error);
        Assert.Contains("Finished rebuilding CameraView", output);
        var cameras = await (await app.Host.Scenario(s => s.Get.Url("/api/cameras"))).JsonAsync();
        Assert.Equal("porch", Assert.Single(cameras["items"]!.AsArray())!.Str("id"));
    }

    /// <summary>
    /// The API from its own build folder, as deployed: JasperFx looks for commands in the assemblies beside
    /// it, and beside the copy in the test folder lies the test assembly, whose xunit it cannot load.
    /// </summary>
    private static async Task<(int ExitCode, string Out, string Err)> RunApiAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var apiDll = Path.Combine(FixturePaths.RepositoryRoot, "src", "Api", "bin", configuration, "net10.0", "Hsi.Api.dll");
        var start = new ProcessStartInfo("dotnet", [apiDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:9000" }, false)]
    [InlineData(new[] { "ASPNETCORE_URLS=http://127.0.0.1:9000" }, false)]
    [InlineData(new[] { "projections", "--rebuild" }, true)]
    [InlineData(new[] { "db-apply" }, true)]
    public void Only_a_command_word_runs_a_JasperFx_command(string[] args, bool command) =>
        Assert.Equal(command, JasperFxCommandLine.IsCommand(args));

    [Fact]
    public void The_flag_forms_of_the_projections_actions_mean_the_actions() =>
        Assert.Equal(["projections", "rebuild", "-p", "CameraView"], JasperFxCommandLine.Normalize(["projections", "--rebuild", "-p", "CameraView"]));
}
