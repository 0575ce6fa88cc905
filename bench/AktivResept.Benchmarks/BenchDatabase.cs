using System.Globalization;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>A fresh database per run on the cluster bench/run.sh started (AKTIVRESEPT_BENCH_PG).</summary>
public static class BenchDatabase
{
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

        return (new NpgsqlConnectionStringBuilder(baseConnection) { Database = database, MaxPoolSize = 100 }.ConnectionString, database);
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
}
