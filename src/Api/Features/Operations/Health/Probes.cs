using System.Diagnostics;
using Npgsql;
using StackExchange.Redis;

namespace Hsi.Api.Features.Operations.Health;

public sealed class DatabaseProbe(NpgsqlDataSource dataSource) : IHealthProbe
{
    public string Name => "database";

    public async Task<ServiceHealth> CheckAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(ct);
            return new(HealthState.Healthy, "PostgreSQL answered", new Dictionary<string, object?> { ["latency_ms"] = watch.Elapsed.TotalMilliseconds });
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new(HealthState.Unhealthy, $"PostgreSQL unreachable: {ex.Message}");
        }
    }
}

public sealed class RedisProbe(IConnectionMultiplexer redis) : IHealthProbe
{
    public string Name => "redis";

    public async Task<ServiceHealth> CheckAsync(CancellationToken ct)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return new(HealthState.Healthy, "Redis answered", new Dictionary<string, object?> { ["latency_ms"] = latency.TotalMilliseconds });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new(HealthState.Unhealthy, $"Redis unreachable: {ex.Message}");
        }
    }
}
