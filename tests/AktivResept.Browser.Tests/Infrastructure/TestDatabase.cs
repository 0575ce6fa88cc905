using Npgsql;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database for the browser tests (a copy of the Server.Tests one), created on the throwaway cluster that test.sh starts
/// (connection in AKTIVRESEPT_TEST_PG) and dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string connectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        ConnectionString = connectionString;
        Name = name;
    }

    public string ConnectionString { get; }

    public string Name { get; }

    public static async Task<TestDatabase> CreateAsync()
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
        return new TestDatabase(admin.ConnectionString, target.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
