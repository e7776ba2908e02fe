using Npgsql;

namespace Hsi.Api.Infrastructure;

/// <summary>
/// A session-level PostgreSQL advisory lock (two-key form) held on a connection of its own: it guards work across
/// every node of a cluster, and PostgreSQL drops it when that connection, or the whole process, goes away.
/// </summary>
public sealed class SessionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly int _space, _key;

    private SessionLock(NpgsqlConnection connection, int space, int key) => (_connection, _space, _key) = (connection, space, key);

    /// <summary>The lock, or null at once when someone else holds it.</summary>
    public static Task<SessionLock?> TryTakeAsync(NpgsqlDataSource database, int space, int key, CancellationToken ct) =>
        TakeAsync(database, wait: false, space, key, ct);

    /// <summary>The lock, once its holder lets go.</summary>
    public static async Task<SessionLock> WaitAsync(NpgsqlDataSource database, int space, int key, CancellationToken ct) =>
        (await TakeAsync(database, wait: true, space, key, ct))!;

    private static async Task<SessionLock?> TakeAsync(NpgsqlDataSource database, bool wait, int space, int key, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        try
        {
            var sql = wait ? "select pg_advisory_lock($1, $2)" : "select pg_try_advisory_lock($1, $2)";
            await using var take = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = space }, new() { Value = key } } };
            var taken = await take.ExecuteScalarAsync(ct);
            if (wait || taken is true) return new SessionLock(connection, space, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A lock key for a name, the same on every node (string.GetHashCode is randomised per process).</summary>
    public static int KeyOf(string name) => BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock($1, $2)", _connection) { Parameters = { new() { Value = _space }, new() { Value = _key } } };
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
