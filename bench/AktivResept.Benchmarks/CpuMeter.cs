using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// CPU time spent in a phase by this process (app and load generator together) and by the PostgreSQL cluster's
/// processes (Linux /proc). Unlike wall-clock throughput this barely moves when other work shares the machine, so it
/// says what a phase costs and what a quiet machine could do.
/// </summary>
public sealed class CpuMeter(int postmasterPid)
{
    /// <summary>The app when it runs as its own process (<c>--server</c>), measured apart from this one's load generator.</summary>
    internal ServerProcess? Server { get; set; }

    public static async Task<CpuMeter> ForClusterAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
        var dataDirectory = (string)(await command.ExecuteScalarAsync())!;
        var pid = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        return new CpuMeter(pid);
    }

    public Sample Take() => new(Process.GetCurrentProcess().TotalProcessorTime, PostgresTime(), Server?.CpuTime ?? TimeSpan.Zero);

    private TimeSpan PostgresTime()
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the parenthesised command: state ppid ... utime(14) stime(15), counted from 1.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (pid == postmasterPid || int.Parse(fields[1], CultureInfo.InvariantCulture) == postmasterPid)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary><paramref name="App"/> is this process; <paramref name="Server"/> the app's own process, if it has one.</summary>
    public sealed record Sample(TimeSpan App, TimeSpan Postgres, TimeSpan Server = default)
    {
        public static Sample operator -(Sample a, Sample b) => new(a.App - b.App, a.Postgres - b.Postgres, a.Server - b.Server);
    }
}
