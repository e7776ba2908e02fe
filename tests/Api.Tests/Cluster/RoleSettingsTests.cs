using Hsi.Api.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hsi.Api.Tests.Cluster;

public class RoleSettingsTests
{
    private static HsiSettings From(params (string Key, string Value)[] values) =>
        HsiSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Theory]
    [InlineData("all", ClusterRole.All)]
    [InlineData("API", ClusterRole.Api)]
    [InlineData("Worker", ClusterRole.Worker)]
    public void HSI_ROLE_is_all_api_or_worker_in_any_case(string value, ClusterRole expected) =>
        Assert.Equal(expected, From(("HSI_ROLE", value)).Role);

    [Fact]
    public void Without_HSI_ROLE_a_node_does_everything() => Assert.Equal(ClusterRole.All, From().Role);

    [Theory]
    [InlineData("both")]
    [InlineData("workers")]
    [InlineData("0")]
    public void Any_other_HSI_ROLE_is_refused_naming_the_setting(string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => From(("HSI_ROLE", value)));
        Assert.Contains("HSI_ROLE", refused.Message);
        Assert.Contains(value, refused.Message);
    }
}
