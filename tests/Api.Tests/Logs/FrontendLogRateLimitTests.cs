using Hsi.Api.Tests.Operations;

namespace Hsi.Api.Tests.Logs;

[Collection(RateLimitCollection.Name)]
public class FrontendLogRateLimitTests(RateLimitFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ForgetWindowsAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Browser_reports_have_a_window_of_their_own_of_30_a_minute_plus_10()
    {
        var client = RateLimitFixture.NewClient();
        var component = LogScenarios.NewComponent("limited");
        async Task<int> ReportAsync() => RateLimitTests.StatusOf(await app.Host.Scenario(s =>
        {
            s.Post.Json(new { level = "INFO", component, message = "noisy page" }).ToUrl("/api/logs/frontend");
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = client);
            s.IgnoreStatusCode();
        }));

        for (var i = 1; i <= 40; i++) Assert.True(await ReportAsync() == 201, $"report {i} was refused");
        Assert.Equal(429, await ReportAsync());

        // The reports used up only their own window: the same client's other requests still go through.
        Assert.Equal(200, RateLimitTests.StatusOf(await RateLimitTests.GetAsync(app.Host, "/api/cameras", client)));
        Assert.Equal(40, (await app.Host.GetJsonAsync($"/api/logs?component={component}&limit=1"))["pagination"]!["total"]!.GetValue<int>());
    }
}
