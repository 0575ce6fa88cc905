using System.Net;
using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Server.Tests.Attendance;

/// <summary>Each test gets its own database and clock, since the job's outcomes depend on how much time has passed.</summary>
public sealed class AdherenceJobTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();
    private HttpClient _anonymous = null!;
    private TestIntegration _integration = null!;
    private Guid _location;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _anonymous = _app.CreateClient();
        _integration = await _app.CreateIntegrationAsync();
        _location = DemoIdentities.GrunerlokkaLocationId;
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task The_first_attended_session_makes_an_accepted_prescription_active()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-active", start: Today());
        (await RunAsync()).Transitions.ShouldBe(0);

        await CheckInAsync("m-active", "a1", _app.Clock.GetUtcNow().AddHours(-1));
        await RunAsync();

        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Active);
        var change = await _app.QueryAsync(db => db.StatusChanges.SingleAsync(s => s.PrescriptionId == id && s.To == PrescriptionStatus.Active));
        change.ActorRole.ShouldBe("system");
        change.Reason!.ShouldContain("First attended session");
        (await EventsOf(id, PrescriptionEventType.StatusChanged)).ShouldContain(e => e.Data.Contains("\"to\":\"Active\""));
    }

    [Fact]
    public async Task Silence_raises_one_dropout_alert_and_then_drops_the_participant_out()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-quiet", start: Today());
        await CheckInAsync("m-quiet", "q1", _app.Clock.GetUtcNow().AddHours(-1));
        await RunAsync();

        _app.Clock.Advance(TimeSpan.FromDays(14));
        await RunAsync();
        await RunAsync();
        (await EventsOf(id, PrescriptionEventType.DropoutRisk)).Count.ShouldBe(1);
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Active);

        _app.Clock.Advance(TimeSpan.FromDays(14));
        await RunAsync();
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.DroppedOut);
        var reason = await _app.QueryAsync(db => db.StatusChanges.Where(s => s.PrescriptionId == id && s.To == PrescriptionStatus.DroppedOut).Select(s => s.Reason).SingleAsync());
        reason!.ShouldContain("No attendance for 28 days");
    }

    [Fact]
    public async Task Attendance_after_an_alert_clears_it_so_a_new_silence_alerts_again()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-again", start: Today());
        await CheckInAsync("m-again", "g1", _app.Clock.GetUtcNow().AddHours(-1));
        await RunAsync();
        _app.Clock.Advance(TimeSpan.FromDays(15));
        await RunAsync();

        await CheckInAsync("m-again", "g2", _app.Clock.GetUtcNow().AddHours(-1));
        await RunAsync();
        _app.Clock.Advance(TimeSpan.FromDays(15));
        await RunAsync();

        (await EventsOf(id, PrescriptionEventType.DropoutRisk)).Count.ShouldBe(2);
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Active);
    }

    [Fact]
    public async Task Training_that_never_starts_expires()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-never", start: Today());

        _app.Clock.Advance(TimeSpan.FromDays(28));
        await RunAsync();

        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Expired);
    }

    [Fact]
    public async Task The_end_of_the_period_completes_with_a_summary_and_the_reports_come_at_the_chosen_cadence()
    {
        var start = Today();
        var id = await _app.AcceptedPrescriptionAsync("m-done", start: start);
        // Two sessions in each of the twelve weeks, reported by the gym at the end of the week; the job runs weekly.
        for (var week = 0; week < 12; week++)
        {
            _app.Clock.Advance(TimeSpan.FromDays(7));
            await CheckInAsync("m-done", $"w{week}a", _app.Clock.GetUtcNow().AddDays(-6));
            await CheckInAsync("m-done", $"w{week}b", _app.Clock.GetUtcNow().AddDays(-3));
            await RunAsync();
        }

        _app.Clock.Advance(TimeSpan.FromDays(1));
        await RunAsync();

        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Completed);
        var summary = JsonSerializer.Deserialize<CompletedData>((await EventsOf(id, PrescriptionEventType.Completed)).Single().Data, JsonSerializerOptions.Web)!;
        summary.Attended.ShouldBe(24);
        summary.Prescribed.ShouldBe(24);
        summary.Rate.ShouldBe(1m);
        var reports = (await EventsOf(id, PrescriptionEventType.AdherenceReport))
            .Select(e => JsonSerializer.Deserialize<AdherenceReportData>(e.Data, JsonSerializerOptions.Web)!).OrderBy(r => r.Through).ToList();
        reports.Count.ShouldBe(3);
        reports[0].From.ShouldBe(start);
        reports[0].Through.ShouldBe(start.AddDays(27));
        reports.ShouldAllBe(r => r.Attended == 8 && r.Prescribed == 8);
    }

    [Fact]
    public async Task Two_instances_running_at_once_move_and_announce_each_prescription_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await _app.AcceptedPrescriptionAsync($"m-two-{i}", start: Today()));
            await CheckInAsync($"m-two-{i}", $"two{i}", _app.Clock.GetUtcNow().AddHours(-1));
        }

        await using var second = _app.SecondInstance();
        await Task.WhenAll(
            RunOn(_app), RunOn(second), RunOn(_app), RunOn(second)).Within(TestBudget.TwoNodes);

        foreach (var id in ids)
        {
            (await StatusOf(id)).ShouldBe(PrescriptionStatus.Active);
            (await _app.QueryAsync(db => db.StatusChanges.CountAsync(s => s.PrescriptionId == id && s.To == PrescriptionStatus.Active))).ShouldBe(1);
        }

        static async Task RunOn(AktivApiFactory instance)
        {
            await using var scope = instance.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(all: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_late_event_is_counted_when_the_snapshot_is_recomputed()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-late", start: Today().AddDays(-20));
        await CheckInAsync("m-late", "l1", _app.Clock.GetUtcNow().AddHours(-1));
        await RunAsync();
        (await Snapshot(id)).AttendedSessions.ShouldBe(1);

        await CheckInAsync("m-late", "l0", _app.Clock.GetUtcNow().AddDays(-10));
        // The delivery wrote no mark (issue 19): the next incremental run finds the event from the attendance rows.
        (await Snapshot(id)).AttendedSessions.ShouldBe(1);
        await RunAsync(all: false);

        var snapshot = await Snapshot(id);
        snapshot.AttendedSessions.ShouldBe(2);
        snapshot.Dirty.ShouldBeFalse();
    }

    [Fact]
    [PostgresOnly("SQLite has one writer: a delivery waits for the job's transaction to end, so it cannot commit while the job computes.")]
    public async Task A_delivery_that_commits_while_the_job_computes_is_counted_by_the_next_run()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-race", start: Today().AddDays(-20));
        await CheckInAsync("m-race", "race1", _app.Clock.GetUtcNow().AddDays(-2));

        // The job reads race1 only; race2 is committed before the job writes the snapshot, after the job looked for new rows.
        await RunAsync(all: false, afterFactsRead: () => CheckInAsync("m-race", "race2", _app.Clock.GetUtcNow().AddHours(-1)));

        var snapshot = await Snapshot(id);
        snapshot.AttendedSessions.ShouldBe(1);
        await RunAsync(all: false);
        snapshot = await Snapshot(id);
        snapshot.AttendedSessions.ShouldBe(2);
        snapshot.Dirty.ShouldBeFalse();
    }

    [Fact]
    [PostgresOnly("SQLite has one writer: a delivery waits for the job's transaction to end, so it cannot commit while the job computes.")]
    public async Task A_first_delivery_that_commits_while_a_full_pass_computes_is_counted_by_the_next_run()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-race-new", start: Today());
        (await _app.QueryAsync(db => db.AdherenceSnapshots.AnyAsync(s => s.PrescriptionId == id))).ShouldBeFalse();

        // The full pass finds no snapshot and no attendance; the delivery commits before the pass writes the snapshot.
        await RunAsync(all: true, afterFactsRead: () => CheckInAsync("m-race-new", "new1", _app.Clock.GetUtcNow().AddHours(-1)));

        (await Snapshot(id)).AttendedSessions.ShouldBe(0);
        await RunAsync(all: false);
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Active);
        (await Snapshot(id)).AttendedSessions.ShouldBe(1);
    }

    [Fact]
    [PostgresOnly("Commit order differs from transaction-id order only with concurrent writers; SQLite has one.")]
    public async Task Attendance_whose_transaction_commits_after_a_later_one_was_processed_is_still_counted()
    {
        var early = await _app.AcceptedPrescriptionAsync("m-early", start: Today().AddDays(-20));
        var later = await _app.AcceptedPrescriptionAsync("m-later", start: Today().AddDays(-20));
        var row = await _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == early).Select(p => new { p.ProviderId, p.ParticipantId }).SingleAsync());
        var (provider, participant) = (row.ProviderId, row.ParticipantId);

        // A delivery in flight: its transaction writes first (the lower id) and commits last.
        await using var slow = new NpgsqlConnection(_app.Database.ConnectionString);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
                "ParticipantId", "PrescriptionId", "ReceivedAt", "Reconciliation")
            VALUES (@id, @provider, 'Webhook', @source, 'slow1', 'CheckIn', @at, @location, 'm-early', @participant, @prescription, @at, 'Matched')
            """, slow, transaction))
        {
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("provider", provider!);
            insert.Parameters.AddWithValue("source", _integration.Id);
            insert.Parameters.AddWithValue("at", _app.Clock.GetUtcNow().AddDays(-2));
            insert.Parameters.AddWithValue("location", _location);
            insert.Parameters.AddWithValue("participant", participant);
            insert.Parameters.AddWithValue("prescription", early);
            await insert.ExecuteNonQueryAsync();
        }

        await CheckInAsync("m-later", "later1", _app.Clock.GetUtcNow().AddDays(-1));
        await RunAsync(all: false);
        (await Snapshot(later)).AttendedSessions.ShouldBe(1);
        var slowTx = (long)(await new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", slow, transaction).ExecuteScalarAsync())!;
        var laterTx = await _app.QueryAsync(db => db.AttendanceRecords.Where(a => a.PrescriptionId == later)
            .Select(a => EF.Property<long>(a, AttendanceWatermarkPass.WrittenInTx)).SingleAsync());
        slowTx.ShouldBeLessThan(laterTx, "the interleaving under test: the lower id commits after the higher one was processed");

        await transaction.CommitAsync();
        await RunAsync(all: false);

        (await Snapshot(early)).AttendedSessions.ShouldBe(1);
        (await StatusOf(early)).ShouldBe(PrescriptionStatus.Active);
    }

    [Fact]
    public async Task A_run_with_no_new_attendance_changes_nothing_and_leaves_nothing_dirty()
    {
        var id = await _app.AcceptedPrescriptionAsync("m-quiet", start: Today().AddDays(-20));
        await CheckInAsync("m-quiet", "q1", _app.Clock.GetUtcNow().AddDays(-1));
        await RunAsync(all: false);
        var first = await Snapshot(id);

        // The watermark stops at the cluster's oldest open transaction, so while other work is running (other test
        // classes, other databases) a later run may look at rows it has seen before: that must change nothing.
        await RunAsync(all: false);

        var second = await Snapshot(id);
        second.AttendedSessions.ShouldBe(first.AttendedSessions);
        second.AttendedSessions.ShouldBe(1);
        second.Dirty.ShouldBeFalse();
    }

    private DateOnly Today() => Domain.Calendar.OsloCalendar.DateOf(_app.Clock.GetUtcNow());

    /// <param name="afterFactsRead">Run once, inside the first batch's transaction, after the job has read its attendance.</param>
    private async Task<AdherenceRunResult> RunAsync(bool all = true, Func<Task>? afterFactsRead = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<AdherenceJob>();
        if (afterFactsRead is not null)
        {
            var pending = afterFactsRead;
            job.AfterFactsRead = async _ =>
            {
                var once = Interlocked.Exchange(ref pending, null);
                if (once is not null)
                {
                    await once();
                }
            };
        }

        return await job.RunOnceAsync(all, CancellationToken.None);
    }

    private async Task CheckInAsync(string member, string eventId, DateTimeOffset at)
    {
        var response = await _anonymous.SendAsync(_app.Signed(_integration, AttendanceKit.Batch(AttendanceKit.Event(eventId, _location, member, at))));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadJsonAsync();
        (result.GetProperty("stored").GetInt32() + result.GetProperty("queued").GetInt32()).ShouldBe(1, result.ToString());
    }

    private Task<PrescriptionStatus> StatusOf(Guid id) => _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());

    private Task<AdherenceSnapshot> Snapshot(Guid id) => _app.QueryAsync(db => db.AdherenceSnapshots.AsNoTracking().SingleAsync(s => s.PrescriptionId == id));

    private Task<List<PrescriptionEvent>> EventsOf(Guid id, PrescriptionEventType type) =>
        _app.QueryAsync(db => db.PrescriptionEvents.Where(e => e.PrescriptionId == id && e.Type == type).ToListAsync());
}
