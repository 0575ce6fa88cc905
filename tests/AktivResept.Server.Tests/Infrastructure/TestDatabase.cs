using Microsoft.Data.Sqlite;
using Npgsql;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// A fresh database per test class, dropped afterwards. By default a PostgreSQL database on the throwaway cluster that
/// test.sh starts (connection in AKTIVRESEPT_TEST_PG); with AKTIVRESEPT_TEST_DB=sqlite a SQLite file in a temp
/// folder, the embedded mode <c>dotnet run</c> uses.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable that picks the provider: <c>postgresql</c> (default) or <c>sqlite</c>.</summary>
    public const string ProviderVariable = "AKTIVRESEPT_TEST_DB";

    private readonly string? _adminConnectionString;

    private TestDatabase(string provider, string connectionString, string name, string? adminConnectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Name = name;
        _adminConnectionString = adminConnectionString;
    }

    /// <summary>The value for <c>Database:Provider</c>: <c>PostgreSQL</c> or <c>Sqlite</c>.</summary>
    public string Provider { get; }

    public bool IsSqlite => Provider == "Sqlite";

    public string ConnectionString { get; }

    /// <summary>The database name (PostgreSQL) or file path (SQLite).</summary>
    public string Name { get; }

    /// <summary>Whether this test run uses SQLite (AKTIVRESEPT_TEST_DB=sqlite).</summary>
    public static bool SqliteSelected =>
        (Environment.GetEnvironmentVariable(ProviderVariable) ?? string.Empty).Trim().Equals("sqlite", StringComparison.OrdinalIgnoreCase);

    public static Task<TestDatabase> CreateAsync() => SqliteSelected ? Task.FromResult(CreateSqlite()) : CreatePostgresAsync();

    private static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "aktivresept-tests");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"aktiv_{Guid.NewGuid():N}.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 60 };
        return new TestDatabase("Sqlite", connection.ConnectionString, file, null);
    }

    private static async Task<TestDatabase> CreatePostgresAsync()
    {
        var baseConnection = Environment.GetEnvironmentVariable("AKTIVRESEPT_TEST_PG")
            ?? throw new InvalidOperationException(
                "AKTIVRESEPT_TEST_PG is not set. Run the tests through ./test.sh, which starts a throwaway PostgreSQL cluster.");
        var name = $"aktiv_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(baseConnection) { Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var target = new NpgsqlConnectionStringBuilder(baseConnection) { Database = name, MaxPoolSize = 100 };
        return new TestDatabase("PostgreSQL", target.ConnectionString, name, admin.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsSqlite)
        {
            // Pooled connections keep the file open; the WAL and shared-memory files go with it.
            using (var pooled = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                File.Delete(Name + suffix);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
