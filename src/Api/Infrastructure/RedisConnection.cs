using StackExchange.Redis;

namespace Hsi.Api.Infrastructure;

public static class RedisConnection
{
    /// <summary><c>redis://[:password@]host:port/db</c> → StackExchange.Redis options that never abort on a down server.</summary>
    public static ConfigurationOptions Parse(string redisUrl)
    {
        ConfigurationOptions options;
        if (redisUrl.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) ||
            redisUrl.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(redisUrl);
            options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
            options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
            if (uri.UserInfo.Length > 0)
            {
                var parts = uri.UserInfo.Split(':', 2);
                if (parts.Length == 2)
                {
                    if (parts[0].Length > 0) options.User = Uri.UnescapeDataString(parts[0]);
                    options.Password = Uri.UnescapeDataString(parts[1]);
                }
                else options.Password = Uri.UnescapeDataString(parts[0]);
            }
            if (int.TryParse(uri.AbsolutePath.Trim('/'), out var db)) options.DefaultDatabase = db;
        }
        else
        {
            options = ConfigurationOptions.Parse(redisUrl);
        }
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        return options;
    }
}
