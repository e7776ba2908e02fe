using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Hsi.Bench;

/// <summary>
/// ops/bench scale: drops warm-up images, then the measured ones, into four camera folders of a running
/// layout (one node or several) and waits, through the event store, until every one is analysed. A worker
/// serves no /metrics of the whole pipeline, so progress is counted in hsi.mt_events, which every layout
/// (and the build before the roles) writes alike.
/// </summary>
public static class ScaleBench
{
    private const int Cameras = 4;

    /// <param name="nodes">name=pid pairs, comma-separated: the processes whose CPU is counted.</param>
    public static async Task<int> RunAsync(string stagedDir, string cameraRoot, string connectionString, string database,
        int warmUpCount, string nodes)
    {
        var processes = nodes.Split(',').Select(n => n.Split('=')).Select(p => (Name: p[0], Pid: int.Parse(p[1], CultureInfo.InvariantCulture))).ToArray();
        var staged = Directory.GetFiles(stagedDir, "*.jpg").Order().ToArray();
        var (warmUp, files) = (staged[..warmUpCount], staged[warmUpCount..]);
        for (var c = 0; c < Cameras; c++) Directory.CreateDirectory(Path.Combine(cameraRoot, $"bench_cam_{c}"));
        await Task.Delay(2000); // let the watcher register the folders before the burst

        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        await using var pidCommand = new NpgsqlCommand("select pg_backend_pid()", connection);
        var ownBackend = (int)(await pidCommand.ExecuteScalarAsync())!;
        await using var count = new NpgsqlCommand(
            "select count(*) from hsi.mt_events where type in ('media_analyzed', 'media_rejected')", connection);
        async Task<long> DoneAsync()
        {
            try { return (long)(await count.ExecuteScalarAsync())!; }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { return 0; } // schema not made yet
        }

        // Not measured: the first messages of each kind compile their handlers, the watcher agent gets assigned.
        Drop(warmUp, cameraRoot, 0);
        var warmWatch = Stopwatch.StartNew();
        while (await DoneAsync() < warmUp.Length)
        {
            if (warmWatch.Elapsed > TimeSpan.FromMinutes(5)) { Console.Error.WriteLine("warm-up timed out"); return 1; }
            await Task.Delay(200);
        }
        await Task.Delay(1000);

        // Its own backend polls; it is left out of the PostgreSQL figures.
        using var backends = new ProcessCpu.BackendSampler(database, exclude: ownBackend);
        var startCpu = processes.Select(p => ProcessCpu.Seconds(p.Pid)).ToArray();
        var pgStart = backends.Seconds();
        var before = await DoneAsync();
        var machineStart = MachineCpuSeconds();
        var watch = Stopwatch.StartNew();
        Drop(files, cameraRoot, warmUp.Length);
        var dropSeconds = watch.Elapsed.TotalSeconds;
        while (await DoneAsync() - before < files.Length)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(15)) { Console.Error.WriteLine("timed out"); return 1; }
            await Task.Delay(100);
        }
        var elapsed = watch.Elapsed.TotalSeconds;
        var cpu = processes.Select((p, i) => ProcessCpu.Seconds(p.Pid) - startCpu[i]).ToArray();
        var pgCpu = backends.Seconds() - pgStart;
        var machineCpu = MachineCpuSeconds() - machineStart;

        double PerImage(double seconds) => Math.Round(seconds * 1000 / files.Length, 2);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            images = files.Length,
            warm_up_images = warmUp.Length,
            drop_seconds = Math.Round(dropSeconds, 2),
            wall_seconds = Math.Round(elapsed, 2),
            images_per_s = Math.Round(files.Length / elapsed, 2),
            cpu_ms_per_image = processes.Select((p, i) => (p.Name, Ms: PerImage(cpu[i])))
                .Append(("postgres_backends", PerImage(pgCpu)))
                .Append(("total", PerImage(cpu.Sum() + pgCpu)))
                .ToDictionary(x => x.Item1, x => x.Item2),
            // CPU seconds per wall second of the nodes and their backends: how many of the cores they kept busy.
            cores_busy = Math.Round((cpu.Sum() + pgCpu) / elapsed, 2),
            // The same for every process on the machine: what the rest (other users) took besides.
            machine_cores_busy = Math.Round(machineCpu / elapsed, 2),
        }));
        return 0;
    }

    /// <summary>CPU seconds every core of the machine spent busy since boot (/proc/stat: all but idle and iowait).</summary>
    private static double MachineCpuSeconds()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (ticks[..8].Sum() - ticks[3] - ticks[4]) / 100.0; // user … steal; guest is inside user already
    }

    private static void Drop(IReadOnlyList<string> files, string cameraRoot, int offset)
    {
        for (var i = 0; i < files.Count; i++)
            File.Move(files[i], Path.Combine(cameraRoot, $"bench_cam_{(offset + i) % Cameras}", Path.GetFileName(files[i])));
    }
}
