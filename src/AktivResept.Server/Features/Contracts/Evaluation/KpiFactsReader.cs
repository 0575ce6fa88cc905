using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Benefits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AktivResept.Server.Features.Contracts.Evaluation;

/// <summary>
/// Reads the facts a contract's KPIs are measured from, in a fixed number of queries whatever the number of
/// prescriptions: the prescriptions the contract covers (sent to its provider and paid by its payer, by the rule claims
/// use), their send, first answer and terminal day from the status history, their counted (matched or linked)
/// attendance, the trainer-registered sessions with whether the trainer held the required competence that day, the
/// participants' benefit periods and the municipality's population figures. Attendance, the one large read, goes
/// through a plain reader on PostgreSQL in chunks of prescriptions; SQLite (the embedded demo mode) reads it through EF.
/// </summary>
internal sealed class KpiFactsReader(AktivDbContext db)
{
    public const int ChunkSize = 5000;

    private static readonly PrescriptionStatus[] Answers = [PrescriptionStatus.Accepted, PrescriptionStatus.Rejected];
    private static readonly PrescriptionStatus[] Terminal = [.. Enum.GetValues<PrescriptionStatus>().Where(Lifecycle.IsTerminal)];
    private static readonly AttendanceKind[] Delivered = [.. Enum.GetValues<AttendanceKind>().Where(CountableSession.IsBillable)];
    private static readonly Dictionary<string, AttendanceKind> Kinds = Enum.GetValues<AttendanceKind>().ToDictionary(k => k.ToString(), StringComparer.Ordinal);

    /// <summary>The facts of <paramref name="contract"/> up to the Oslo day <paramref name="through"/> (inclusive).</summary>
    public async Task<ContractFacts> ReadAsync(Contract contract, DateOnly through, CancellationToken ct)
    {
        var payer = await db.Payers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == contract.PayerId, ct);
        if (payer is null)
        {
            return ContractFacts.Empty;
        }

        var end = OsloCalendar.StartOf(through.AddDays(1));
        var rows = await (
                from p in ContractPopulation.Of(db, payer, contract.ProviderId).AsNoTracking()
                join person in db.People on p.ParticipantId equals person.Id
                where p.SentAt != null && p.SentAt < end
                select new PrescriptionRow(p.Id, p.SentAt, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status, p.EligibilityBenefit, p.LocationId,
                    p.RequiredCompetence, person.NationalIdHash))
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();

        var answered = new Dictionary<Guid, DateTimeOffset>();
        var ended = new Dictionary<Guid, DateTimeOffset>();
        var attendance = new Dictionary<Guid, List<AttendanceFact>>();
        var sessions = new List<(Guid PrescriptionId, Guid TrainerId, DateOnly Day)>();
        var paused = new Dictionary<Guid, List<PausedSpan>>();
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            // The participant's pauses move the period's end and stop the dropout clock, as on the prescription itself.
            foreach (var pause in await db.Set<PrescriptionPause>().AsNoTracking().Where(x => chunk.Contains(x.PrescriptionId))
                         .Select(x => new { x.PrescriptionId, x.FirstDay, x.LastDay }).ToListAsync(ct))
            {
                if (new PausedSpan(pause.FirstDay, pause.LastDay) is { Days: > 0 } span)
                {
                    (paused.TryGetValue(pause.PrescriptionId, out var list) ? list : paused[pause.PrescriptionId] = []).Add(span);
                }
            }

            var changes = await db.StatusChanges.AsNoTracking()
                .Where(s => chunk.Contains(s.PrescriptionId) && s.At < end && (Answers.Contains(s.To) || Terminal.Contains(s.To)))
                .Select(s => new { s.PrescriptionId, s.From, s.To, s.At })
                .ToListAsync(ct);
            foreach (var c in changes)
            {
                if (c.From == PrescriptionStatus.Issued && Answers.Contains(c.To))
                {
                    Earliest(answered, c.PrescriptionId, c.At);
                }

                if (Terminal.Contains(c.To))
                {
                    Earliest(ended, c.PrescriptionId, c.At);
                }
            }

            await AttendanceAsync(chunk, end, attendance, sessions, ct);
        }

        var trainerIds = sessions.Select(s => s.TrainerId).Distinct().ToArray();
        var certifications = (await db.TrainerCertifications.AsNoTracking().Where(c => trainerIds.Contains(c.TrainerId)).ToListAsync(ct))
            .ToLookup(c => c.TrainerId, c => c.ToDomain());
        var required = rows.ToDictionary(r => r.Id, r => r.RequiredCompetence);
        var trainerSessions = sessions
            .Select(s => new KpiTrainerSession(s.PrescriptionId, s.Day, Qualification.Qualifies(certifications[s.TrainerId], required[s.PrescriptionId], s.Day, s.Day)))
            .ToList();

        var benefits = await BenefitPeriodsAsync(rows, ct);
        var population = payer.Kommunenummer is { } kommune
            ? await db.BenefitPopulations.AsNoTracking().Where(b => b.Kommunenummer == kommune).ToListAsync(ct)
            : [];

        var prescriptions = rows.Select(r => new KpiPrescriptionFacts(
                r.Id,
                r.SentAt,
                answered.TryGetValue(r.Id, out var a) ? a : null,
                r.StartDate,
                r.DurationWeeks,
                r.SessionsPerWeek,
                r.Status,
                ended.TryGetValue(r.Id, out var e) ? OsloCalendar.DateOf(e) : null,
                EligibilityRules.CoveringOn(benefits[r.NationalIdHash], r.StartDate)?.Kind ?? r.Benefit,
                r.LocationId,
                attendance.TryGetValue(r.Id, out var facts) ? facts : [],
                paused.GetValueOrDefault(r.Id)))
            .ToList();
        return new ContractFacts(prescriptions, trainerSessions, population);
    }

    /// <summary>
    /// The registry's benefit periods of the participants, in chunks: the equity KPI takes a participant's benefit from
    /// the period covering the prescription's start day, so municipal and employer prescriptions (never checked for
    /// eligibility) count too; the benefit that made a state-reimbursed prescription eligible is the fallback.
    /// </summary>
    private async Task<ILookup<string, BenefitPeriod>> BenefitPeriodsAsync(List<PrescriptionRow> rows, CancellationToken ct)
    {
        var periods = new List<BenefitPeriodRecord>();
        foreach (var chunk in rows.Select(r => r.NationalIdHash).Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            periods.AddRange(await db.BenefitPeriods.AsNoTracking().Where(b => chunk.Contains(b.NationalIdHash)).ToListAsync(ct));
        }

        return periods.ToLookup(b => b.NationalIdHash, b => b.ToDomain(), StringComparer.Ordinal);
    }

    /// <summary>The counted attendance of a chunk of prescriptions, and which of it trainers registered as delivered sessions.</summary>
    private async Task AttendanceAsync(Guid[] ids, DateTimeOffset end, Dictionary<Guid, List<AttendanceFact>> attendance, List<(Guid, Guid, DateOnly)> sessions, CancellationToken ct)
    {
        void Add(Guid prescriptionId, DateTimeOffset at, AttendanceKind kind, int? minutes, AttendanceSource source, Guid? trainerId)
        {
            if (!attendance.TryGetValue(prescriptionId, out var list))
            {
                attendance[prescriptionId] = list = [];
            }

            list.Add(new AttendanceFact(at, kind, minutes));
            if (source == AttendanceSource.Trainer && trainerId is { } trainer && Delivered.Contains(kind))
            {
                sessions.Add((prescriptionId, trainer, OsloCalendar.DateOf(at)));
            }
        }

        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            var rows = await db.AttendanceRecords.AsNoTracking()
                .Where(a => a.PrescriptionId != null && ids.Contains(a.PrescriptionId.Value) && a.OccurredAt < end &&
                            (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked))
                .Select(a => new { PrescriptionId = a.PrescriptionId!.Value, a.OccurredAt, a.Kind, a.DurationMinutes, a.Source, a.TrainerId })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                Add(r.PrescriptionId, r.OccurredAt, r.Kind, r.DurationMinutes, r.Source, r.TrainerId);
            }

            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT "PrescriptionId", "OccurredAt", "Kind", "DurationMinutes", "Source", "TrainerId" FROM "AttendanceRecords"
                WHERE "PrescriptionId" = ANY(@ids) AND "OccurredAt" < @end AND "Reconciliation" IN ('Matched', 'Linked')
                """,
                connection, db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("end", end);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Add(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), Kinds[reader.GetString(2)], reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    reader.GetString(4) == nameof(AttendanceSource.Trainer) ? AttendanceSource.Trainer : AttendanceSource.Webhook,
                    reader.IsDBNull(5) ? null : reader.GetGuid(5));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Earliest(Dictionary<Guid, DateTimeOffset> into, Guid id, DateTimeOffset at)
    {
        if (!into.TryGetValue(id, out var seen) || at < seen)
        {
            into[id] = at;
        }
    }

    private sealed record PrescriptionRow(
        Guid Id, DateTimeOffset? SentAt, DateOnly StartDate, int DurationWeeks, int SessionsPerWeek, PrescriptionStatus Status,
        BenefitKind? Benefit, Guid? LocationId, CertificationKind? RequiredCompetence, string NationalIdHash);
}
