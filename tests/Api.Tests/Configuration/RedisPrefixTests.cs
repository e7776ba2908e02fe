using Hsi.Api.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hsi.Api.Tests.Configuration;

public class RedisPrefixTests
{
    private static HsiSettings Settings(params (string Key, string Value)[] values) =>
        HsiSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Theory]
    [InlineData("postgresql://hsi:hsi@127.0.0.1:5432/hsi_test", "hsi_test")]
    [InlineData("Host=db;Database=cams-north;Username=hsi", "cams-north")]
    public void Without_REDIS_PREFIX_the_prefix_is_the_database_name(string databaseUrl, string prefix) =>
        Assert.Equal(prefix, Settings(("DATABASE_URL", databaseUrl)).RedisPrefix);

    [Fact]
    public void The_default_deployment_uses_hsi() => Assert.Equal("hsi", Settings().RedisPrefix);

    [Theory]
    [InlineData("a:b")]
    [InlineData("hsi*")]
    [InlineData("two words")]
    public void A_prefix_that_could_reach_into_another_deployments_keys_stops_start_up(string prefix)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings(("REDIS_PREFIX", prefix)));
        Assert.StartsWith("REDIS_PREFIX", error.Message);
    }
}
