using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class OperationsPageTests(DashboardFixture app) : BrowserTest(app)
{
    /// <summary>A projection a job may rebuild (the jobs' own projection may not be).</summary>
    private async Task<string> RebuildableProjectionAsync()
    {
        var items = (await App.Client().GetJsonAsync("/api/admin/projections"))["items"]!.AsArray();
        return items.Select(p => p!["name"]!.GetValue<string>()).First(n => n != "job_view");
    }

    [Fact]
    public async Task A_projection_rebuild_started_in_the_page_shows_its_log_live_until_it_completes()
    {
        await App.CreateCameraAsync("front_door", "Front Door");
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "front_door");
        await App.WaitForEventsAsync(1);
        var name = await RebuildableProjectionAsync();

        var page = await OpenAsync("/operations");
        var row = page.Locator($"[data-testid=projection][data-name='{name}']");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Rebuild {name}" }).ClickAsync();

        var job = page.GetByRole(AriaRole.Region, new() { Name = $"Job: Rebuild of {name}" });
        await Assertions.Expect(job.GetByTestId("job-log-line").First).ToContainTextAsync("Rebuilding", new() { Timeout = 60_000 });
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(job.GetByTestId("job-log")).ToContainTextAsync("rebuilt from");
        await Assertions.Expect(job.GetByTestId("job-status")).ToContainTextAsync("completed");
        var jobId = await job.GetAttributeAsync("data-job-id");
        Assert.Equal("completed", (await App.Client().GetJsonAsync($"/api/jobs/{jobId}"))["status"]!.GetValue<string>());

        await page.AssertNoViolationsAsync("the operations page with a rebuild's log");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "operations.png"), FullPage = true });
    }

    [Fact]
    public async Task A_risk_replay_dry_run_runs_as_a_job_with_its_log()
    {
        await App.CreateCameraAsync("front_door", "Front Door");
        App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"), "front_door");
        await App.WaitForEventsAsync(1);

        var page = await OpenAsync("/operations");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Risk replay" });
        await Assertions.Expect(form.GetByLabel("Dry run")).ToBeCheckedAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Start risk replay" }).ClickAsync();
        var job = page.GetByRole(AriaRole.Region, new() { Name = "Job: Risk replay (dry run)" });
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(job.GetByTestId("job-log-line")).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_operations_page_has_no_accessibility_violations_and_fits_a_phone()
    {
        var page = await OpenAsync("/operations", 390, 844);
        await Assertions.Expect(page.GetByTestId("projection").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("dlq")).ToHaveCountAsync(5);
        // The one node, with the work the cluster does once.
        await Assertions.Expect(page.GetByTestId("node")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("node")).ToContainTextAsync("folder watcher");
        await Assertions.Expect(page.GetByTestId("dlq-count").First).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "API documentation" })).ToHaveAttributeAsync("href", "/docs");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Prometheus metrics" })).ToHaveAttributeAsync("href", "/metrics");
        await page.AssertNoViolationsAsync("the operations page");
        await page.AssertNoSidewaysScrollAsync("the operations page at 390×844");
    }
}
