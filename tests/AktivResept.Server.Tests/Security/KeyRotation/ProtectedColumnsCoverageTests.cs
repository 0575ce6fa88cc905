using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Security.KeyRotation;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Server.Tests.Security.KeyRotation;

/// <summary>
/// Key rotation rewrites only the columns <see cref="ProtectedColumns"/> lists, so a new encrypted column that is not
/// listed would stay under the old key and break when that key is retired. This app writes everything under a key id
/// of its own ("probe"); after the demo data are seeded, every column holding a value with that key's envelope header
/// must be a listed one.
/// </summary>
public sealed class ProtectedColumnsCoverageTests(ProtectedColumnsCoverageTests.ProbeKeyApp app) : IClassFixture<ProtectedColumnsCoverageTests.ProbeKeyApp>
{
    public sealed class ProbeKeyApp : AktivApiFactory
    {
        public const string KeyId = "probe";

        private static readonly string Key = DevelopmentSecrets.NewKey();

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            [$"Security:PersonDataKeys:{KeyId}"] = Key,
            ["Security:PersonDataKeyId"] = KeyId,
        };
    }

    [Fact]
    [PostgresOnly("The scan reads PostgreSQL's catalogue of bytea columns; the rule under test is the same for both providers.")]
    public async Task Every_column_holding_values_under_the_person_data_key_is_one_key_rotation_rewrites()
    {
        IReadOnlyList<ProtectedColumns.Column> listed;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The whole demo (history, pilots, routing, programmes, claims, research) — what a person looking at it sees.
            await DemoModule.SeedFullDemoAsync(scope.ServiceProvider, CancellationToken.None);
            listed = ProtectedColumns.Of(scope.ServiceProvider.GetRequiredService<AktivDbContext>());
        }

        var encrypted = await ColumnsWithHeaderAsync(PersonDataEnvelope.Header(ProbeKeyApp.KeyId));

        encrypted.ShouldContain("People.NationalIdCipher", "the scan finds the demo people's national ids, so it cannot pass on an empty database");
        encrypted.ShouldContain("ResearchProjects.EncryptedKey", "the demo research project's pseudonym key is encrypted too");
        encrypted.Except(listed.Select(c => c.Name)).ShouldBeEmpty("every encrypted column must be listed in ProtectedColumns");
    }

    private async Task<List<string>> ColumnsWithHeaderAsync(byte[] header)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var catalogue = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY 1, 2",
            connection))
        await using (var reader = await catalogue.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var probe = new NpgsqlCommand(
                $"SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE substring(\"{column}\" FROM 1 FOR {header.Length}) = @header)",
                connection);
            probe.Parameters.AddWithValue("header", header);
            if ((bool)(await probe.ExecuteScalarAsync())!)
            {
                found.Add($"{table}.{column}");
            }
        }

        return found;
    }
}
