using System.Text.Json;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AktivResept.Server.Features.Attendance.Adherence;

/// <summary>
/// Recomputes adherence and acts on it: Accepted → Active at the first attended session, Active → DroppedOut after
/// the programme's silence limit, Accepted → Expired when training never started, Active → Completed when the period
/// has ended (with the completion summary), a dropout-risk alert once per silence, and the periodic report at the
/// cadence the referrer chose. Every outcome is written with its status change and outbox event in one transaction;
/// status changes go through <see cref="SystemTransitions"/>, a batch's moves to one status in one statement.
/// <para>
/// Safe with several app instances: each batch claims its prescriptions with <c>FOR UPDATE SKIP LOCKED</c>, so two
/// instances never evaluate the same prescription at once, and everything said is recorded in the snapshot under that
/// lock, so it is never said twice. New attendance is found from the attendance rows themselves at the start of each
/// run (<see cref="AttendanceWatermarkPass"/>); ingestion writes no mark and touches no prescription row.
/// </para>
/// </summary>
public sealed class AdherenceJob(AktivDbContext db, AdherenceSnapshotStore snapshots, AttendanceWatermarkPass newAttendance, SystemTransitions transitions, AdherenceFullPass fullPass, CompletionSummaries completions, TimeProvider clock, IOptions<AttendanceOptions> options, ILogger<AdherenceJob> logger) : IPeriodicJob
{
    public const int BatchSize = 2000;

    /// <summary>The worker's pass: every open prescription when an hourly full pass is due, else only new attendance.</summary>
    async Task IPeriodicJob.RunOnceAsync(CancellationToken ct)
    {
        var all = fullPass.IsDue(clock.GetUtcNow());
        await RunOnceAsync(all, ct);
        if (all)
        {
            fullPass.Last = clock.GetUtcNow();
        }
    }

    /// <summary>Evaluates every open prescription (<paramref name="all"/>) or only those with new attendance.</summary>
    public async Task<AdherenceRunResult> RunOnceAsync(bool all, CancellationToken ct)
    {
        // New attendance becomes dirty marks here, not on the request path; the batches below then find them.
        await newAttendance.MarkNewAttendanceAsync(ct);
        var total = new AdherenceRunResult();
        var cursor = Guid.Empty;
        while (true)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = await ClaimAsync(all, cursor, ct);
            if (batch.Count == 0)
            {
                break;
            }

            cursor = batch[^1].Id;
            total += await EvaluateAsync(batch, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        if (total.Transitions + total.Alerts + total.Reports > 0)
        {
            logger.LogInformation("Adherence run: {Evaluated} evaluated, {Transitions} transitions, {Alerts} alerts, {Reports} reports",
                total.Evaluated, total.Transitions, total.Alerts, total.Reports);
        }

        return total;
    }

    private Task<List<Prescription>> ClaimAsync(bool all, Guid cursor, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            // The embedded SQLite mode runs one process with demo-sized data: one unlocked pass.
            var open = new[] { PrescriptionStatus.Accepted, PrescriptionStatus.Active };
            return cursor != Guid.Empty
                ? Task.FromResult(new List<Prescription>())
                : db.Prescriptions.AsNoTracking()
                    .Where(p => (all && open.Contains(p.Status)) || db.AdherenceSnapshots.Any(s => s.PrescriptionId == p.Id && s.Dirty))
                    .ToListAsync(ct);
        }

        return db.Prescriptions.FromSql(
            $"""
            SELECT p.* FROM "Prescriptions" p
            WHERE p."Id" > {cursor}
              AND (({all} AND p."Status" IN ('Accepted', 'Active'))
                   OR EXISTS (SELECT 1 FROM "AdherenceSnapshots" s WHERE s."PrescriptionId" = p."Id" AND s."Dirty"))
            ORDER BY p."Id"
            LIMIT {BatchSize}
            FOR UPDATE OF p SKIP LOCKED
            """).AsNoTracking().ToListAsync(ct);
    }

    /// <summary>Runs after a batch's attendance is read, inside its transaction: where a test commits a delivery to race the job.</summary>
    internal Func<CancellationToken, Task>? AfterFactsRead { get; set; }

    private async Task<AdherenceRunResult> EvaluateAsync(List<Prescription> batch, CancellationToken ct)
    {
        var ids = batch.Select(p => p.Id).ToArray();

        // The snapshots (with their dirty versions) before the attendance: a mark committed in between must show as a
        // newer version than the one read, or the upsert would clear it without these facts having counted it.
        var previous = await db.AdherenceSnapshots.AsNoTracking().Where(s => ids.Contains(s.PrescriptionId)).ToDictionaryAsync(s => s.PrescriptionId, ct);
        var facts = await FactsAsync(ids, ct);
        if (AfterFactsRead is { } hook)
        {
            await hook(ct);
        }

        // The calculator is pure, so a batch is evaluated on every core; acting on the reports stays sequential.
        var now = clock.GetUtcNow();
        var inputs = batch.Select(p => (Plan: AdherenceReader.PlanOf(p), Policy: options.Value.PolicyFor(p.Funding), Facts: facts[p.Id].ToList())).ToArray();
        var reports = new AdherenceReport[batch.Count];
        Parallel.For(0, batch.Count, i => reports[i] = AdherenceCalculator.Evaluate(inputs[i].Plan, inputs[i].Facts, now, inputs[i].Policy));

        var result = new AdherenceRunResult { Evaluated = batch.Count };
        var updated = new List<AdherenceSnapshot>(batch.Count);
        var moves = new List<PlannedMove>();
        for (var i = 0; i < batch.Count; i++)
        {
            var prescription = batch[i];
            var (plan, policy, own) = inputs[i];
            var report = reports[i];
            var before = previous.GetValueOrDefault(prescription.Id);
            var snapshot = before?.Copy() ?? new AdherenceSnapshot { PrescriptionId = prescription.Id };
            result += Act(prescription, report, snapshot, plan, own, policy, now, moves);
            snapshot.AttendedSessions = report.AttendedSessions;
            snapshot.PrescribedToDate = report.PrescribedToDate;
            snapshot.AttendedMinutes = report.AttendedMinutes;
            snapshot.FirstAttendedAt = report.FirstAttendedAt;
            snapshot.LastAttendedAt = report.LastAttendedAt;
            snapshot.Verdict = report.Verdict;

            // Most of an hourly full pass finds nothing new: rewriting those rows cost a row version and index entries each.
            if (before is { Dirty: false } && snapshot.SaysTheSameAs(before))
            {
                continue;
            }

            snapshot.Dirty = false;
            snapshot.ComputedAt = now;
            updated.Add(snapshot);
        }

        result.Transitions += await MoveAsync(moves, now, ct);
        await snapshots.UpsertAsync(updated, ct);
        return result;
    }

    /// <summary>
    /// The counted (matched or linked) attendance of a batch. On PostgreSQL a plain reader over the batch's ids: a full
    /// run reads every open prescription's weeks of attendance, and EF materialisation was a third of its time.
    /// </summary>
    private async Task<ILookup<Guid, AttendanceFact>> FactsAsync(Guid[] ids, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return (await db.AttendanceRecords.AsNoTracking()
                    .Where(a => a.PrescriptionId != null && ids.Contains(a.PrescriptionId.Value) &&
                                (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked))
                    .Select(a => new { a.PrescriptionId, a.OccurredAt, a.Kind, a.DurationMinutes })
                    .ToListAsync(ct))
                .ToLookup(a => a.PrescriptionId!.Value, a => new AttendanceFact(a.OccurredAt, a.Kind, a.DurationMinutes));
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT "PrescriptionId", "OccurredAt", "Kind", "DurationMinutes" FROM "AttendanceRecords"
            WHERE "PrescriptionId" = ANY(@ids) AND "Reconciliation" IN ('Matched', 'Linked')
            """,
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.AddWithValue("ids", ids);
        var rows = new List<(Guid PrescriptionId, AttendanceFact Fact)>(ids.Length * 32);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetGuid(0), new AttendanceFact(
                reader.GetFieldValue<DateTimeOffset>(1), Kinds[reader.GetString(2)], reader.IsDBNull(3) ? null : reader.GetInt32(3))));
        }

        return rows.ToLookup(r => r.PrescriptionId, r => r.Fact);
    }

    private static readonly Dictionary<string, AttendanceKind> Kinds = Enum.GetValues<AttendanceKind>().ToDictionary(k => k.ToString(), StringComparer.Ordinal);

    /// <summary>Decides what to say and where to move; the moves themselves are made for the whole batch afterwards.</summary>
    private AdherenceRunResult Act(Prescription p, AdherenceReport report, AdherenceSnapshot snapshot, AdherencePlan plan, List<AttendanceFact> facts, AdherencePolicy policy, DateTimeOffset now, List<PlannedMove> moves)
    {
        var result = new AdherenceRunResult();
        var status = p.Status;
        var step = 0;
        if (status == PrescriptionStatus.Accepted && report.FirstAttendedAt is { } first)
        {
            moves.Add(new PlannedMove(p, step++, status, PrescriptionStatus.Active, $"First attended session {OsloCalendar.DateOf(first):yyyy-MM-dd}.", null));
            status = PrescriptionStatus.Active;
        }

        if (status == PrescriptionStatus.Accepted && report.Verdict == AdherenceVerdict.NeverStarted)
        {
            moves.Add(new PlannedMove(p, step, status, PrescriptionStatus.Expired, $"Training did not start within {policy.DropOutAfterDays} days of the start date.", null));
            return result;
        }

        if (status != PrescriptionStatus.Active)
        {
            return result;
        }

        // Reports first, so a period that ends also gets its last report before the summary.
        result.Reports += AddDueReports(p, plan, facts, policy, snapshot, now);
        switch (report.Verdict)
        {
            case AdherenceVerdict.DroppedOut:
                moves.Add(new PlannedMove(p, step, status, PrescriptionStatus.DroppedOut, $"No attendance for {report.DaysWithoutAttendance} days.", null));
                break;
            case AdherenceVerdict.Completed:
                moves.Add(new PlannedMove(p, step, status, PrescriptionStatus.Completed, "The prescription period has ended.", CompletionSummaries.Of(p, report)));
                break;
            case AdherenceVerdict.DropoutRisk when snapshot.RiskAlertedAt is null:
                AddEvent(p.Id, PrescriptionEventType.DropoutRisk, new DropoutRiskData(report.DaysWithoutAttendance, report.LastAttendedAt), now);
                snapshot.RiskAlertedAt = now;
                result.Alerts++;
                break;
            case AdherenceVerdict.OnTrack:
                snapshot.RiskAlertedAt = null;
                break;
        }

        return result;
    }

    /// <summary>One report per elapsed confirmation interval since the last one (at most three at once, after downtime).</summary>
    private int AddDueReports(Prescription p, AdherencePlan plan, List<AttendanceFact> facts, AdherencePolicy policy, AdherenceSnapshot snapshot, DateTimeOffset now)
    {
        if (p.ConfirmationIntervalWeeks <= 0)
        {
            return 0;
        }

        var today = OsloCalendar.DateOf(now);
        var last = snapshot.LastReportThrough ?? plan.StartDate.AddDays(-1);
        var added = 0;
        while (added < 3)
        {
            var through = last.AddDays(p.ConfirmationIntervalWeeks * 7);
            if (through > plan.EndDate)
            {
                through = plan.EndDate;
            }

            if (through >= today || through <= last)
            {
                break;
            }

            var before = AdherenceCalculator.Evaluate(plan, facts, OsloCalendar.StartOf(last.AddDays(1)), policy);
            var after = AdherenceCalculator.Evaluate(plan, facts, OsloCalendar.StartOf(through.AddDays(1)), policy);
            AddEvent(p.Id, PrescriptionEventType.AdherenceReport, new AdherenceReportData(
                last.AddDays(1), through,
                after.AttendedSessions - before.AttendedSessions, after.PrescribedToDate - before.PrescribedToDate,
                after.AttendedSessions, after.PrescribedToDate), now);
            snapshot.LastReportThrough = last = through;
            added++;
        }

        return added;
    }

    /// <summary>
    /// Makes the batch's moves, a prescription's first move before its second (Active, then dropped out or completed,
    /// expecting the version the first move left), each target's set in one statement. Returns how many moved.
    /// </summary>
    private async Task<int> MoveAsync(List<PlannedMove> moves, DateTimeOffset now, CancellationToken ct)
    {
        var moved = 0;
        foreach (var step in moves.GroupBy(m => m.Step).OrderBy(g => g.Key))
        {
            foreach (var sameTarget in step.GroupBy(m => m.To))
            {
                var result = await transitions.MoveAsync(
                    sameTarget.Key, [.. sameTarget.Select(m => new SystemMove(m.Prescription.Id, m.From, m.Prescription.Version + m.Step, m.Reason))], "adherence", ct);
                var done = result.Moved.ToHashSet();
                // The hand-over to «Aktiv på dagtid» and the outcome measures' changes ride on the summary (one path, also
                // for a manual completion).
                await completions.AddAsync(
                    [.. sameTarget.Where(m => m.Summary is not null && done.Contains(m.Prescription.Id)).Select(m => (m.Prescription.Id, m.Prescription.ParticipantId, m.Summary!))], now, ct);

                moved += done.Count;
            }
        }

        return moved;
    }

    /// <summary>A move decided for a prescription: its <paramref name="Step"/>-th in this run, with the summary a completion announces.</summary>
    private sealed record PlannedMove(Prescription Prescription, int Step, PrescriptionStatus From, PrescriptionStatus To, string Reason, CompletedData? Summary);

    private void AddEvent<T>(Guid prescriptionId, PrescriptionEventType type, T data, DateTimeOffset now) =>
        db.PrescriptionEvents.Add(new PrescriptionEvent
        {
            PrescriptionId = prescriptionId,
            Type = type,
            OccurredAt = now,
            Data = JsonSerializer.Serialize(data, JsonSerializerOptions.Web),
        });
}

/// <summary>What one run did.</summary>
public sealed record AdherenceRunResult
{
    public int Evaluated { get; set; }

    public int Transitions { get; set; }

    public int Alerts { get; set; }

    public int Reports { get; set; }

    public static AdherenceRunResult operator +(AdherenceRunResult a, AdherenceRunResult b) => new()
    {
        Evaluated = a.Evaluated + b.Evaluated,
        Transitions = a.Transitions + b.Transitions,
        Alerts = a.Alerts + b.Alerts,
        Reports = a.Reports + b.Reports,
    };
}
