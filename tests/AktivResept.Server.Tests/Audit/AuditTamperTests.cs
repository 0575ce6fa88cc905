using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// The tamper test of issue 22: in a copy of the database, the owner changes, deletes or reorders one sealed audit row,
/// and <c>verify-audit</c> names its sequence number and exits non-zero. A row cut off the end with its seal leaves a
/// chain that verifies on its own; the signed checkpoint names it.
/// </summary>
[PostgresOnly("copies the database with CREATE DATABASE ... TEMPLATE and tampers as the owner role")]
public sealed class AuditTamperTests(AuditApp app) : IClassFixture<AuditApp>, IAsyncLifetime
{
    private readonly List<string> _copies = [];

    public async Task InitializeAsync()
    {
        var gp = app.AsGp();
        for (var i = 0; i < 3; i++)
        {
            var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
            (await gp.GetAsync($"/api/prescriptions/{id}")).EnsureSuccessStatusCode();
        }

        await app.SealAsync();
    }

    [Fact]
    public async Task A_changed_row_is_named_by_its_sequence_number()
    {
        var (copy, target) = await CopyAsync(fromEnd: 3);
        await ExecuteAsync(copy, $"UPDATE \"AuditRecords\" SET \"Purpose\" = 'curiosity' WHERE \"Id\" = {target.RecordId}");

        var run = await VerifyAsync(copy);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Error.ShouldContain($"broken at sequence {target.Sequence}: the row was changed");
    }

    [Fact]
    public async Task A_deleted_row_is_named_by_its_sequence_number()
    {
        var (copy, target) = await CopyAsync(fromEnd: 4);
        await ExecuteAsync(copy, $"DELETE FROM \"AuditRecords\" WHERE \"Id\" = {target.RecordId}");

        var run = await VerifyAsync(copy);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Error.ShouldContain($"broken at sequence {target.Sequence}: the row was deleted");
    }

    [Fact]
    public async Task A_row_deleted_with_its_seal_is_named_as_the_gap()
    {
        var (copy, target) = await CopyAsync(fromEnd: 2);
        await ExecuteAsync(copy, $"DELETE FROM \"AuditRecords\" WHERE \"Id\" = {target.RecordId}; DELETE FROM \"AuditSeals\" WHERE \"Sequence\" = {target.Sequence}");

        var run = await VerifyAsync(copy);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Error.ShouldContain($"broken at sequence {target.Sequence}: the row and its seal are missing");
    }

    [Fact]
    public async Task Two_rows_swapped_are_named_at_the_earlier_one()
    {
        var (copy, later) = await CopyAsync(fromEnd: 1);
        var earlier = await SealAtAsync(copy, later.Sequence - 3);
        // The rows trade places: each id now holds the other's content.
        await ExecuteAsync(copy, $"""
            UPDATE "AuditRecords" SET "Id" = -1 WHERE "Id" = {earlier.RecordId};
            UPDATE "AuditRecords" SET "Id" = {earlier.RecordId} WHERE "Id" = {later.RecordId};
            UPDATE "AuditRecords" SET "Id" = {later.RecordId} WHERE "Id" = -1;
            """);

        var run = await VerifyAsync(copy);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Error.ShouldContain($"broken at sequence {earlier.Sequence}: the row was changed");
    }

    [Fact]
    public async Task The_last_row_cut_off_with_its_seal_verifies_alone_but_not_against_a_checkpoint()
    {
        var file = Path.Combine(Path.GetTempPath(), $"audit-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            (await app.RunVerbAsync(["export-audit-checkpoint", file])).ExitCode.ShouldBe(0);
            var (copy, last) = await CopyAsync(fromEnd: 0);
            await ExecuteAsync(copy, $"DELETE FROM \"AuditRecords\" WHERE \"Id\" = {last.RecordId}; DELETE FROM \"AuditSeals\" WHERE \"Sequence\" = {last.Sequence}");

            (await VerifyAsync(copy)).ExitCode.ShouldBe(0);
            var run = await VerifyAsync(copy, "--checkpoint", file);

            run.ExitCode.ShouldBe(1, run.ToString());
            run.Error.ShouldContain($"broken at sequence {last.Sequence}: the chain ends at {last.Sequence - 1}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_untouched_copy_verifies()
    {
        var (copy, _) = await CopyAsync(fromEnd: 0);

        var run = await VerifyAsync(copy);

        run.ExitCode.ShouldBe(0, run.ToString());
    }

    private async Task<VerbRun> VerifyAsync(string connectionString, params string[] more)
    {
        await using var host = app.On(connectionString);
        return await app.RunVerbAsync(["verify-audit", .. more], host);
    }

    /// <summary>A copy of the app's database, and the seal <paramref name="fromEnd"/> places before the last.</summary>
    private async Task<(string ConnectionString, Seal Target)> CopyAsync(int fromEnd)
    {
        var name = $"{app.Database.Name}_copy{_copies.Count}";
        var admin = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        // The template may have no other sessions: the app's idle pooled connections are closed first.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\" TEMPLATE \"{app.Database.Name}\"");
        _copies.Add(name);
        var copy = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
        var last = await app.QueryAsync(db => db.AuditSeals.MaxAsync(s => s.Sequence));
        return (copy, await SealAtAsync(copy, last - fromEnd));
    }

    private static async Task<Seal> SealAtAsync(string connectionString, long sequence)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT \"AuditRecordId\" FROM \"AuditSeals\" WHERE \"Sequence\" = {sequence}", connection);
        return new Seal(sequence, (long)(await command.ExecuteScalarAsync())!);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        foreach (var copy in _copies)
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{copy}\" WITH (FORCE)");
        }
    }

    private sealed record Seal(long Sequence, long RecordId);
}
