using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>A fresh database per run on the cluster bench/run.sh started (AKTIVRESEPT_BENCH_PG).</summary>
public static class BenchDatabase
{
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Created = new();

    public static async Task<(string Connection, string Database)> CreateAsync()
    {
        var baseConnection = Environment.GetEnvironmentVariable("AKTIVRESEPT_BENCH_PG")
            ?? Environment.GetEnvironmentVariable("AKTIVRESEPT_TEST_PG")
            ?? throw new InvalidOperationException("Set AKTIVRESEPT_BENCH_PG (bench/run.sh does) to a PostgreSQL role that may create databases.");

        var database = $"aktiv_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var admin = new NpgsqlConnection(baseConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        Created.Enqueue(database);
        return (new NpgsqlConnectionStringBuilder(baseConnection) { Database = database, MaxPoolSize = 100 }.ConnectionString, database);
    }

    /// <summary>A database an earlier run created and kept (AKTIVRESEPT_BENCH_KEEP=1), on the same cluster; never dropped by this run.</summary>
    public static (string Connection, string Database) Existing(string database)
    {
        var baseConnection = Environment.GetEnvironmentVariable("AKTIVRESEPT_BENCH_PG")
            ?? Environment.GetEnvironmentVariable("AKTIVRESEPT_TEST_PG")
            ?? throw new InvalidOperationException("Set AKTIVRESEPT_BENCH_PG to the cluster that holds the database.");
        return (new NpgsqlConnectionStringBuilder(baseConnection) { Database = database, MaxPoolSize = 100 }.ConnectionString, database);
    }

    /// <summary>
    /// A key of the database's own for one purpose (derived from its name), so that data the app encrypted in a kept
    /// database can be read by a later run on it (--reuse). Synthetic data only, never a real key.
    /// </summary>
    public static string KeyOf(string database, string purpose) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"aktivresept-bench:{database}:{purpose}")));

    /// <summary>
    /// Drops the databases this run created. bench/run.sh throws its whole cluster away, but a run pointed at a shared
    /// cluster (AKTIVRESEPT_BENCH_PG) would otherwise leave gigabytes behind; AKTIVRESEPT_BENCH_KEEP=1 keeps them for a look.
    /// </summary>
    public static async Task DropCreatedAsync()
    {
        if (Environment.GetEnvironmentVariable("AKTIVRESEPT_BENCH_KEEP") == "1" || Created.IsEmpty)
        {
            return;
        }

        var baseConnection = Environment.GetEnvironmentVariable("AKTIVRESEPT_BENCH_PG") ?? Environment.GetEnvironmentVariable("AKTIVRESEPT_TEST_PG");
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(baseConnection);
        await admin.OpenAsync();
        while (Created.TryDequeue(out var database))
        {
            // FORCE (PostgreSQL 13+): a connection the app host left open does not keep the database alive.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            Console.Error.WriteLine($"dropped database {database}");
        }
    }
}

/// <summary><c>--name value</c> options shared by the scenarios.</summary>
public static class Args
{
    public static int Int(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, $"--{name}");
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string? String(string[] args, string name)
    {
        var index = Array.IndexOf(args, $"--{name}");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
