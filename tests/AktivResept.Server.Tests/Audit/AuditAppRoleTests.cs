using System.Globalization;
using System.Net;
using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Partitions;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// The application's database role may only INSERT and SELECT audit rows and seals: <c>migrate</c>, run as the owner,
/// grants it that (docs/security.md). Every modification the app role tries is refused by PostgreSQL itself, while the
/// app running as that role still serves audited requests and seals them.
/// </summary>
[PostgresOnly("roles and GRANTs are PostgreSQL's; the embedded SQLite file has no roles")]
public sealed class AuditAppRoleTests(AuditApp app) : IClassFixture<AuditApp>, IAsyncLifetime
{
    private readonly string _role = $"aktiv_app_{Guid.NewGuid():N}"[..30];
    private readonly string _password = Guid.NewGuid().ToString("N");
    private WebApplicationFactory<Program>? _asApp;

    private string AppConnection => new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Username = _role, Password = _password }.ConnectionString;

    public async Task InitializeAsync()
    {
        await ExecuteAsync(app.Database.ConnectionString, $"CREATE ROLE \"{_role}\" LOGIN PASSWORD '{_password}'");
        // The app connects as its role; migrate connects as the owner (the test cluster's superuser) and grants.
        _asApp = app.On(AppConnection, ("ConnectionStrings:Owner", app.Database.ConnectionString), ("Database:AppRole", _role));
        var migrate = await app.RunVerbAsync(["migrate"], _asApp);
        migrate.ExitCode.ShouldBe(0, migrate.ToString());
        migrate.Output.ShouldContain($"role {_role}");
    }

    [Theory]
    [InlineData("UPDATE \"AuditRecords\" SET \"Purpose\" = 'x'")]
    [InlineData("DELETE FROM \"AuditRecords\"")]
    [InlineData("TRUNCATE \"AuditRecords\"")]
    [InlineData("UPDATE \"AuditSeals\" SET \"Hash\" = '\\x00'")]
    [InlineData("DELETE FROM \"AuditSeals\"")]
    [InlineData("TRUNCATE \"AuditSeals\"")]
    [InlineData("TRUNCATE \"AuditRecords\" CASCADE")]
    [InlineData("UPDATE \"AuditMonthSeals\" SET \"DroppedAt\" = now()")]
    [InlineData("DELETE FROM \"AuditMonthSeals\"")]
    [InlineData("DELETE FROM audit.\"AuditRecords_default\"")]
    [InlineData("UPDATE audit.\"AuditSeals_default\" SET \"Hash\" = '\\x00'")]
    [InlineData("TRUNCATE audit.\"AuditRecords_default\"")]
    [InlineData("ALTER TABLE \"AuditRecords\" DETACH PARTITION audit.\"AuditRecords_default\"")]
    [InlineData("DROP TABLE audit.\"AuditSeals_default\"")]
    public async Task The_app_role_is_refused_every_modification_of_the_audit_log(string sql)
    {
        await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await app.SealAsync();
        var before = await CountAsync(app.Database.ConnectionString);

        var refused = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(AppConnection, sql));

        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await CountAsync(app.Database.ConnectionString)).ShouldBe(before);
    }

    [Theory]
    [InlineData("DELETE FROM audit.\"{0}\"")]
    [InlineData("UPDATE audit.\"{0}\" SET \"Purpose\" = 'x'")]
    [InlineData("TRUNCATE audit.\"{0}\"")]
    public async Task The_app_role_is_refused_on_a_partition_the_job_created_after_migrate(string sql)
    {
        // The job runs as the owner; the partition it creates gets no grant, and the app has no USAGE on its schema.
        await using (var scope = _asApp!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MonthlyPartitionJob>().RunOnceAsync(CancellationToken.None);
        }

        var partition = AuditPartitions.RecordsPartition(AuditMonth.Of(app.Clock.GetUtcNow()));
        var refused = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(AppConnection, string.Format(CultureInfo.InvariantCulture, sql, partition)));

        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task The_app_role_may_append_and_read_audit_rows()
    {
        await ExecuteAsync(AppConnection, """
            INSERT INTO "AuditRecords" ("At", "Actor", "Role", "Resource", "Action", "Purpose", "Outcome", "CorrelationId")
            VALUES (now(), 'test', 'none', 'Test/1', 'read', 'system', 'Success', 'c')
            """);

        (await CountAsync(AppConnection)).Rows.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_app_running_as_its_role_serves_audited_requests_and_seals_them()
    {
        var gp = AuditApp.ClientOf(_asApp!, app.Token(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg));

        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SealAsync(_asApp);

        var (rows, seals) = await CountAsync(AppConnection);
        seals.ShouldBe(rows);
        var run = await app.RunVerbAsync(["verify-audit"], _asApp);
        run.ExitCode.ShouldBe(0, run.ToString());
    }

    private static async Task<(long Rows, long Seals)> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT (SELECT count(*) FROM \"AuditRecords\"), (SELECT count(*) FROM \"AuditSeals\")", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_asApp is not null)
        {
            await _asApp.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(app.Database.ConnectionString, $"DROP OWNED BY \"{_role}\"; DROP ROLE \"{_role}\"");
    }
}
