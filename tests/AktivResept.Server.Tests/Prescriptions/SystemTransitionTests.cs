using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Prescriptions;
using AktivResept.Server.Features.Prescriptions.Expiry;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>The system-transition path on PostgreSQL, including two instances moving the same rows at once.</summary>
public sealed class SystemTransitionTests(AktivApiFactory app) : SystemTransitionContract(app), IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Two_instances_moving_the_same_candidates_at_once_move_each_one_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await ActiveAsync());
        }

        var moves = new List<SystemMove>();
        foreach (var id in ids)
        {
            moves.Add(new SystemMove(id, PrescriptionStatus.Active, (await StateOf(id)).Version, "No attendance for 28 days."));
        }

        await using var second = App.SecondInstance();
        var results = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => Task.Run(() => MoveOnAsync(i % 2 == 0 ? App : second, PrescriptionStatus.DroppedOut, [.. moves]))));

        results.Sum(r => r.Moved.Count).ShouldBe(ids.Count);
        results.SelectMany(r => r.Moved).ShouldBe(ids, ignoreOrder: true);
        foreach (var id in ids)
        {
            (await App.QueryAsync(db => db.StatusChanges.CountAsync(s => s.PrescriptionId == id && s.To == PrescriptionStatus.DroppedOut))).ShouldBe(1);
            (await App.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{id}" && a.Action == "update:DroppedOut"))).ShouldBe(1);
        }
    }
}

/// <summary>The same path on SQLite, the embedded default that <c>dotnet run</c> uses.</summary>
public sealed class SystemTransitionSqliteTests(SqliteApiFactory app) : SystemTransitionContract(app), IClassFixture<SqliteApiFactory>;

/// <summary>What the system-transition path promises on every provider.</summary>
public abstract class SystemTransitionContract(AktivApiFactory app)
{
    protected AktivApiFactory App { get; } = app;

    [Fact]
    public async Task Expiring_an_active_prescription_is_refused_by_the_graph_and_changes_nothing()
    {
        var id = await ActiveAsync();
        var before = await StateOf(id);
        var recorded = await RecordedFor(id);

        var result = await MoveOnAsync(App, PrescriptionStatus.Expired, new SystemMove(id, PrescriptionStatus.Active, before.Version, "Too late."));

        result.Refused.ShouldBe([id]);
        result.Moved.ShouldBeEmpty();
        (await StateOf(id)).ShouldBe(before);
        (await RecordedFor(id)).ShouldBe(recorded);
    }

    [Fact]
    public async Task A_candidate_read_before_a_person_moved_it_does_not_move()
    {
        var id = await App.AcceptedPrescriptionAsync(null, start: Today());
        var read = await StateOf(id);
        (await App.AsOsloGym().PostEmptyAsync($"/api/prescriptions/{id}/start")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var started = await StateOf(id);
        var recorded = await RecordedFor(id);

        // The graph allows Accepted → Expired, but the row is no longer what the job read.
        var result = await MoveOnAsync(App, PrescriptionStatus.Expired, new SystemMove(id, read.Status, read.Version, "Training did not start."));
        var stale = await MoveOnAsync(App, PrescriptionStatus.DroppedOut, new SystemMove(id, PrescriptionStatus.Active, read.Version, "No attendance."));

        result.Moved.ShouldBeEmpty();
        result.Refused.ShouldBeEmpty();
        stale.Moved.ShouldBeEmpty();
        (await StateOf(id)).ShouldBe(started);
        (await RecordedFor(id)).ShouldBe(recorded);
    }

    [Fact]
    public async Task A_system_move_records_history_audit_and_event_shaped_like_a_persons()
    {
        var byPerson = await ActiveAsync();
        var bySystem = await ActiveAsync();
        var personBefore = await StateOf(byPerson);
        var systemBefore = await StateOf(bySystem);

        (await App.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{byPerson}/drop-out", new { reason = "Flyttet" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await MoveOnAsync(App, PrescriptionStatus.DroppedOut, new SystemMove(bySystem, PrescriptionStatus.Active, systemBefore.Version, "No attendance for 28 days."));
        result.Moved.ShouldBe([bySystem]);

        var person = await MoveRecordOf(byPerson, PrescriptionStatus.DroppedOut);
        var system = await MoveRecordOf(bySystem, PrescriptionStatus.DroppedOut);
        (await StateOf(byPerson)).ShouldBe(new State(PrescriptionStatus.DroppedOut, personBefore.Version + 1));
        (await StateOf(bySystem)).ShouldBe(new State(PrescriptionStatus.DroppedOut, systemBefore.Version + 1));

        (person.Change.From, person.Change.To, person.Change.Reason).ShouldBe((PrescriptionStatus.Active, PrescriptionStatus.DroppedOut, "Flyttet"));
        (system.Change.From, system.Change.To, system.Change.Reason).ShouldBe((PrescriptionStatus.Active, PrescriptionStatus.DroppedOut, "No attendance for 28 days."));
        (system.Change.Actor, system.Change.ActorRole).ShouldBe(("system", "system"));

        foreach (var (record, id) in new[] { (person, byPerson), (system, bySystem) })
        {
            record.Audit.Action.ShouldBe("update:DroppedOut");
            record.Audit.Outcome.ShouldBe(AuditOutcome.Success);
            record.Audit.Resource.ShouldBe($"Prescription/{id}");
            record.Audit.SubjectPersonId.ShouldBe(await App.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ParticipantId).SingleAsync()));
            record.Audit.Actor.ShouldBe(record.Change.Actor);
            record.Audit.Role.ShouldBe(record.Change.ActorRole);
            record.Event.OccurredAt.ShouldBe(record.Change.At);
            record.Event.FannedOutAt.ShouldBeNull();
        }

        var personData = JsonSerializer.Deserialize<JsonElement>(person.Event.Data);
        var systemData = JsonSerializer.Deserialize<JsonElement>(system.Event.Data);
        systemData.EnumerateObject().Select(p => p.Name).ShouldBe(personData.EnumerateObject().Select(p => p.Name));
        (systemData.GetProperty("from").GetString(), systemData.GetProperty("to").GetString(), systemData.GetProperty("byRole").GetString())
            .ShouldBe(("Active", "DroppedOut", "system"));
    }

    [Fact]
    public async Task The_expiry_job_expires_an_overdue_issued_prescription_through_the_system_path()
    {
        var id = await App.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var before = await StateOf(id);
        App.Clock.Advance(TimeSpan.FromDays(15));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ExpiryJob>().RunOnceAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        }

        (await StateOf(id)).ShouldBe(new State(PrescriptionStatus.Expired, before.Version + 1));
        var record = await MoveRecordOf(id, PrescriptionStatus.Expired);
        (record.Change.From, record.Change.To, record.Change.ActorRole).ShouldBe((PrescriptionStatus.Issued, PrescriptionStatus.Expired, "system"));
        record.Audit.Action.ShouldBe("update:Expired");
        record.Event.Data.ShouldContain("\"to\":\"Expired\"");
    }

    protected sealed record State(PrescriptionStatus Status, int Version);

    private sealed record MoveRecord(StatusChange Change, AuditRecord Audit, PrescriptionEvent Event);

    protected async Task<Guid> ActiveAsync()
    {
        var id = await App.AcceptedPrescriptionAsync(null, start: Today());
        (await App.AsOsloGym().PostEmptyAsync($"/api/prescriptions/{id}/start")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    protected static async Task<SystemMoveResult> MoveOnAsync(AktivApiFactory instance, PrescriptionStatus target, params SystemMove[] moves)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SystemTransitions>().MoveAsync(target, moves, "test", CancellationToken.None);
    }

    protected Task<State> StateOf(Guid id) =>
        App.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => new State(p.Status, p.Version)).SingleAsync());

    private DateOnly Today() => OsloCalendar.DateOf(App.Clock.GetUtcNow());

    /// <summary>How many history, audit and event rows the prescription has.</summary>
    private Task<(int Changes, int Audits, int Events)> RecordedFor(Guid id) => App.QueryAsync(async db => (
        await db.StatusChanges.CountAsync(s => s.PrescriptionId == id),
        await db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{id}" && a.Outcome == AuditOutcome.Success),
        await db.PrescriptionEvents.CountAsync(e => e.PrescriptionId == id)));

    /// <summary>The move into <paramref name="to"/> with the audit row and the event recorded for it.</summary>
    private Task<MoveRecord> MoveRecordOf(Guid id, PrescriptionStatus to) => App.QueryAsync(async db =>
    {
        var change = await db.StatusChanges.AsNoTracking().SingleAsync(s => s.PrescriptionId == id && s.To == to);
        var action = $"update:{to}";
        var audit = await db.AuditRecords.AsNoTracking().SingleAsync(a => a.Resource == $"Prescription/{id}" && a.Action == action);
        var events = await db.PrescriptionEvents.AsNoTracking().Where(e => e.PrescriptionId == id && e.Type == PrescriptionEventType.StatusChanged).ToListAsync();
        return new MoveRecord(change, audit, events.Single(e => e.Data.Contains($"\"to\":\"{change.To}\"", StringComparison.Ordinal)));
    });
}
