using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Partitions;
using AktivResept.Server.Common.Retention;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Attendance;

/// <summary>
/// Attendance by month (issue 19, docs/security.md "Partitions" and "Event-id uniqueness under partitioning"): rows land
/// in their UTC month's partition, the job keeps months ahead ready, a month's rows stranded in the DEFAULT partition
/// move into it when it is created, and an event id is stored once from a source even when a retry names another month.
/// The test clock stands at 24 November 2026.
/// </summary>
public sealed class AttendancePartitionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly DateOnly October = new(2026, 10, 1);
    private static readonly DateOnly November = new(2026, 11, 1);

    private readonly HttpClient _anonymous = app.CreateClient();

    [Fact]
    [PostgresOnly("SQLite keeps one plain table: there are no partitions to create")]
    public async Task The_job_creates_the_current_month_and_the_months_ahead()
    {
        // The migration created months from the wall clock's; the job works from the test clock's (24 November 2026).
        await RunPartitionJobAsync();

        foreach (var month in new[] { November, November.AddMonths(1), November.AddMonths(2), November.AddMonths(3) })
        {
            (await PartitionExistsAsync(AttendancePartitions.Records.PartitionOf(month))).ShouldBeTrue(AuditMonth.Label(month));
        }
    }

    [Fact]
    [PostgresOnly("tableoid and partitions exist only on PostgreSQL")]
    public async Task Rows_land_in_their_months_partition_and_stranded_rows_move_when_their_month_is_created()
    {
        await RunPartitionJobAsync();
        var (integration, location, _, member) = await SetUpAsync();
        var november = new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);
        var october = new DateTimeOffset(2026, 10, 30, 17, 0, 0, TimeSpan.Zero);
        var body = AttendanceKit.Batch(AttendanceKit.Event("in-nov", location, member, november), AttendanceKit.Event("in-oct", location, member, october));

        (await _anonymous.SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await PartitionOfAsync(integration.Id, "in-nov")).ShouldBe($"attendance.\"{AttendancePartitions.Records.PartitionOf(November)}\"");
        // October has no partition (the job creates the current month onwards): the row waits in the DEFAULT partition.
        (await PartitionOfAsync(integration.Id, "in-oct")).ShouldBe("attendance.\"AttendanceRecords_default\"");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AttendancePartitions>().EnsureAsync(October, October, CancellationToken.None)).ShouldBe(new[] { October });
        }

        (await PartitionOfAsync(integration.Id, "in-oct")).ShouldBe($"attendance.\"{AttendancePartitions.Records.PartitionOf(October)}\"");
        (await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.SourceId == integration.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task The_same_event_id_from_a_gym_system_is_stored_once_when_a_retry_names_another_month()
    {
        var (integration, location, _, member) = await SetUpAsync();
        var first = AttendanceKit.Batch(AttendanceKit.Event("moved", location, member, new DateTimeOffset(2026, 11, 2, 17, 0, 0, TimeSpan.Zero)));
        var retry = AttendanceKit.Batch(AttendanceKit.Event("moved", location, member, new DateTimeOffset(2026, 10, 29, 17, 0, 0, TimeSpan.Zero)));

        var stored = await _anonymous.SendAsync(app.Signed(integration, first));
        var again = await _anonymous.SendAsync(app.Signed(integration, retry)); // another delivery (webhook-id), another month

        stored.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadJsonAsync()).GetProperty("results")[0].GetProperty("status").GetString().ShouldBe("duplicate");
        var rows = await app.QueryAsync(db => db.AttendanceRecords.Where(a => a.SourceId == integration.Id && a.ExternalId == "moved").ToListAsync());
        rows.Single().OccurredAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 17, 0, 0, TimeSpan.Zero));
        (await app.QueryAsync(db => db.AttendanceEventKeys.SingleAsync(k => k.SourceId == integration.Id && k.ExternalId == "moved"))).AttendanceRecordId.ShouldBe(rows[0].Id);
    }

    [Fact]
    public async Task The_same_session_id_from_a_trainer_is_stored_once_when_a_retry_names_another_month()
    {
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: null, start: new DateOnly(2026, 10, 1));
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == prescription).ExecuteUpdateAsync(s => s.SetProperty(p => p.TrainerId, per)));
        var trainer = app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr);
        var id = "pt-" + Guid.NewGuid().ToString("N")[..8];

        var first = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions",
            new { id, type = "pt-session", occurredAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), attended = true });
        var retry = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions",
            new { id, type = "pt-session", occurredAt = new DateTimeOffset(2026, 10, 30, 9, 0, 0, TimeSpan.Zero), attended = true });

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
        (await app.QueryAsync(db => db.AttendanceEventKeys.CountAsync(k => k.SourceId == per && k.ExternalId == id))).ShouldBe(1);
    }

    private async Task RunPartitionJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MonthlyPartitionJob>().RunOnceAsync(CancellationToken.None);
    }

    private async Task<(TestIntegration Integration, Guid Location, Guid Prescription, string Member)> SetUpAsync()
    {
        var member = "M-" + Guid.NewGuid().ToString("N")[..10];
        var integration = await app.CreateIntegrationAsync();
        var prescription = await app.AcceptedPrescriptionAsync(member, start: new DateOnly(2026, 10, 1));
        return (integration, DemoIdentities.GrunerlokkaLocationId, prescription, member);
    }

    private Task<string> PartitionOfAsync(Guid sourceId, string externalId) =>
        app.QueryAsync(db => db.Database
            .SqlQuery<string>($"SELECT tableoid::regclass::text AS \"Value\" FROM \"AttendanceRecords\" WHERE \"SourceId\" = {sourceId} AND \"ExternalId\" = {externalId}")
            .SingleAsync());

    private Task<bool> PartitionExistsAsync(string name) => app.PartitionExistsAsync(AttendancePartitions.Schema, name);
}

/// <summary>
/// Attendance retention by whole months (<c>Retention:AttendanceMonths</c>): a month past it goes with its event keys
/// and one audit row (PostgreSQL: its partition detached and dropped, rows stranded in the DEFAULT partition first moved
/// into it); a younger month stays. Its own database: the clock moves a year on.
/// </summary>
public sealed class AttendanceRetentionTests(AttendanceRetentionTests.YearOfAttendanceApp app) : IClassFixture<AttendanceRetentionTests.YearOfAttendanceApp>
{
    [Fact]
    public async Task A_month_past_retention_is_dropped_with_its_keys_and_audited_and_a_younger_one_is_kept()
    {
        var member = "M-" + Guid.NewGuid().ToString("N")[..10];
        var integration = await app.CreateIntegrationAsync();
        await app.AcceptedPrescriptionAsync(member, start: new DateOnly(2026, 10, 1));
        var location = DemoIdentities.GrunerlokkaLocationId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MonthlyPartitionJob>().RunOnceAsync(CancellationToken.None);
        }

        var body = AttendanceKit.Batch(
            AttendanceKit.Event("old", location, member, new DateTimeOffset(2026, 10, 30, 17, 0, 0, TimeSpan.Zero)),
            AttendanceKit.Event("young", location, member, new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero)));
        (await app.CreateClient().SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var octoberRows = await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.OccurredAt >= AuditMonth.Start(new DateOnly(2026, 10, 1)) && a.OccurredAt < AuditMonth.End(new DateOnly(2026, 10, 1))));

        // Twelve months kept after November 2027 began: October 2026 is past, November 2026 is not.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 11, 10, 9, 0, 0, TimeSpan.Zero));
        RetentionRun run;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            run = await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
        }

        run.AttendanceMonths.ShouldBeGreaterThanOrEqualTo(1);
        var left = await app.QueryAsync(db => db.AttendanceRecords.Where(a => a.SourceId == integration.Id).Select(a => a.ExternalId).ToListAsync());
        left.ShouldBe(new List<string> { "young" });
        var keys = await app.QueryAsync(db => db.AttendanceEventKeys.Where(k => k.SourceId == integration.Id).Select(k => k.ExternalId).ToListAsync());
        keys.ShouldBe(new List<string> { "young" });
        (await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.OccurredAt < AuditMonth.Start(new DateOnly(2026, 11, 1))))).ShouldBe(0);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Retention/attendance/2026-10/{octoberRows}" && a.Actor == "system:retention"))).ShouldBe(1);
        if (!app.Database.IsSqlite)
        {
            (await app.PartitionExistsAsync(AttendancePartitions.Schema, AttendancePartitions.Records.PartitionOf(new DateOnly(2026, 10, 1)))).ShouldBeFalse();
            (await app.PartitionExistsAsync(AttendancePartitions.Schema, AttendancePartitions.Records.PartitionOf(new DateOnly(2026, 11, 1)))).ShouldBeTrue();
        }

        // Nothing else is due: a second pass drops nothing.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None)).AttendanceMonths.ShouldBe(0);
        }
    }

    public sealed class YearOfAttendanceApp : AktivApiFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Retention:AttendanceMonths"] = "12" };
    }
}
