using System.Globalization;

namespace Hsi.Bench;

/// <summary>CPU time and memory of processes, read from /proc (Linux).</summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every Linux build in use

    /// <summary>User + system CPU seconds of a process so far (its threads included), or 0 once it is gone.</summary>
    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    /// <summary>
    /// The PostgreSQL backends serving one database (the processes pg_stat_activity lists for it,
    /// found by their process title "postgres: … user database …"), sampled every 250 ms, so the CPU
    /// of backends that come and go is counted too (all but their last 250 ms). <paramref name="exclude"/>:
    /// a backend left out (the measuring program's own).
    /// </summary>
    public sealed class BackendSampler : IDisposable
    {
        private readonly string _marker;
        private readonly int _exclude;
        private readonly Dictionary<int, (double Start, double Last)> _seen = [];
        private readonly Lock _gate = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public BackendSampler(string database, int exclude = 0)
        {
            _marker = $" {database} ";
            _exclude = exclude;
            Sample(initial: true);
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try { await Task.Delay(250, _stop.Token); } catch (OperationCanceledException) { return; }
                    Sample(initial: false);
                }
            });
        }

        /// <summary>CPU seconds the database's backends used since this sampler started.</summary>
        public double Seconds()
        {
            Sample(initial: false);
            lock (_gate) return _seen.Values.Sum(v => v.Last - v.Start);
        }

        private void Sample(bool initial)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == _exclude) continue;
                string title;
                try { title = File.ReadAllText(Path.Combine(dir, "cmdline")); }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains(_marker, StringComparison.Ordinal)) continue;
                var cpu = ProcessCpu.Seconds(pid);
                if (cpu == 0) continue;
                lock (_gate)
                    _seen[pid] = _seen.TryGetValue(pid, out var known) ? known with { Last = Math.Max(known.Last, cpu) } : (initial ? cpu : 0, cpu);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}
