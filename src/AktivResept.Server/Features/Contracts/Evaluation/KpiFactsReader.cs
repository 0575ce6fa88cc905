using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Payers;
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
    public async Task<ContractFacts> ReadAsync(Contract contract, DateOnly through, CancellationToken ct) =>
        (await ReadAsync([(contract, through)], ct)).GetValueOrDefault(contract.Id, ContractFacts.Empty);

    /// <summary>
    /// The facts of each contract up to its Oslo day (inclusive). Contracts are read per payer, all its contracts' providers
    /// in one query of each kind, up to the latest of their days; each contract then keeps its own provider's
    /// prescriptions and what happened before its own day's end, so the answer is the same as reading it alone.
    /// </summary>
    public async Task<Dictionary<Guid, ContractFacts>> ReadAsync(IReadOnlyList<(Contract Contract, DateOnly Through)> contracts, CancellationToken ct)
    {
        // Chunked reads with thousands of ids per array: each planned for its own ids (see CustomPlans).
        await using var plans = await CustomPlans.BeginAsync(db, ct);
        var result = new Dictionary<Guid, ContractFacts>();
        var payerIds = contracts.Select(c => c.Contract.PayerId).Distinct().ToArray();
        var payers = await db.Payers.AsNoTracking().Where(p => payerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var group in contracts.GroupBy(c => c.Contract.PayerId))
        {
            if (!payers.TryGetValue(group.Key, out var payer))
            {
                foreach (var (contract, _) in group)
                {
                    result[contract.Id] = ContractFacts.Empty;
                }

                continue;
            }

            var read = await ReadPayerAsync(payer, [.. group.Select(c => c.Contract.ProviderId).Distinct()], group.Max(c => c.Through), ct);
            foreach (var (contract, through) in group)
            {
                result[contract.Id] = read.For(contract.ProviderId, OsloCalendar.StartOf(through.AddDays(1)));
            }
        }

        return result;
    }

    /// <summary>Everything the payer pays for at the given providers, up to the Oslo day <paramref name="through"/>.</summary>
    private async Task<PayerFacts> ReadPayerAsync(Payer payer, Guid[] providerIds, DateOnly through, CancellationToken ct)
    {
        var end = OsloCalendar.StartOf(through.AddDays(1));
        var rows = await (
                from p in ContractPopulation.Of(db, payer, providerIds).AsNoTracking()
                join person in db.People on p.ParticipantId equals person.Id
                where p.SentAt != null && p.SentAt < end
                select new PrescriptionRow(p.Id, p.ProviderId, p.SentAt, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status, p.EligibilityBenefit, p.LocationId,
                    p.RequiredCompetence, person.NationalIdHash))
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();

        var changes = new List<(Guid PrescriptionId, PrescriptionStatus? From, PrescriptionStatus To, DateTimeOffset At)>();
        var attendance = new Dictionary<Guid, List<AttendanceFact>>();
        var sessions = new List<(Guid PrescriptionId, Guid TrainerId, DateTimeOffset At)>();
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

            changes.AddRange((await db.StatusChanges.AsNoTracking()
                    .Where(s => chunk.Contains(s.PrescriptionId) && s.At < end && (Answers.Contains(s.To) || Terminal.Contains(s.To)))
                    .Select(s => new { s.PrescriptionId, s.From, s.To, s.At })
                    .ToListAsync(ct))
                .Select(c => (c.PrescriptionId, c.From, c.To, c.At)));

            await AttendanceAsync(chunk, end, attendance, sessions, ct);
        }

        var trainerIds = sessions.Select(s => s.TrainerId).Distinct().ToArray();
        var certifications = (await db.TrainerCertifications.AsNoTracking().Where(c => trainerIds.Contains(c.TrainerId)).ToListAsync(ct))
            .ToLookup(c => c.TrainerId, c => c.ToDomain());
        var benefits = await BenefitPeriodsAsync(rows, ct);
        var population = payer.Kommunenummer is { } kommune
            ? await db.BenefitPopulations.AsNoTracking().Where(b => b.Kommunenummer == kommune).ToListAsync(ct)
            : [];
        return new PayerFacts(rows, end, changes, attendance, sessions, paused, certifications, benefits, population);
    }

    /// <summary>One read of a payer's facts, cut per contract (its provider, its day) by <see cref="For"/>.</summary>
    private sealed record PayerFacts(
        List<PrescriptionRow> Rows,
        DateTimeOffset End,
        List<(Guid PrescriptionId, PrescriptionStatus? From, PrescriptionStatus To, DateTimeOffset At)> Changes,
        Dictionary<Guid, List<AttendanceFact>> Attendance,
        List<(Guid PrescriptionId, Guid TrainerId, DateTimeOffset At)> Sessions,
        Dictionary<Guid, List<PausedSpan>> Paused,
        ILookup<Guid, Certification> Certifications,
        ILookup<string, BenefitPeriod> Benefits,
        List<BenefitPopulation> Population)
    {
        public ContractFacts For(Guid providerId, DateTimeOffset end)
        {
            var rows = Rows.Where(r => r.ProviderId == providerId && r.SentAt < end).ToList();
            var own = rows.Select(r => r.Id).ToHashSet();
            var whole = end >= End; // read up to this contract's own end: nothing to cut

            var answered = new Dictionary<Guid, DateTimeOffset>();
            var ended = new Dictionary<Guid, DateTimeOffset>();
            foreach (var c in Changes)
            {
                if (!own.Contains(c.PrescriptionId) || c.At >= end)
                {
                    continue;
                }

                if (c.From == PrescriptionStatus.Issued && Answers.Contains(c.To))
                {
                    Earliest(answered, c.PrescriptionId, c.At);
                }

                if (Terminal.Contains(c.To))
                {
                    Earliest(ended, c.PrescriptionId, c.At);
                }
            }

            var required = rows.ToDictionary(r => r.Id, r => r.RequiredCompetence);
            var trainerSessions = Sessions
                .Where(s => own.Contains(s.PrescriptionId) && s.At < end)
                .Select(s => (s.PrescriptionId, s.TrainerId, Day: OsloCalendar.DateOf(s.At)))
                .Select(s => new KpiTrainerSession(s.PrescriptionId, s.Day, Qualification.Qualifies(Certifications[s.TrainerId], required[s.PrescriptionId], s.Day, s.Day)))
                .ToList();

            var prescriptions = rows.Select(r => new KpiPrescriptionFacts(
                    r.Id,
                    r.SentAt,
                    answered.TryGetValue(r.Id, out var a) ? a : null,
                    r.StartDate,
                    r.DurationWeeks,
                    r.SessionsPerWeek,
                    r.Status,
                    ended.TryGetValue(r.Id, out var e) ? OsloCalendar.DateOf(e) : null,
                    EligibilityRules.CoveringOn(Benefits[r.NationalIdHash], r.StartDate)?.Kind ?? r.Benefit,
                    r.LocationId,
                    Attendance.TryGetValue(r.Id, out var facts) ? (whole ? facts : [.. facts.Where(f => f.OccurredAt < end)]) : [],
                    Paused.GetValueOrDefault(r.Id)))
                .ToList();
            return new ContractFacts(prescriptions, trainerSessions, Population);
        }
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
    private async Task AttendanceAsync(Guid[] ids, DateTimeOffset end, Dictionary<Guid, List<AttendanceFact>> attendance, List<(Guid, Guid, DateTimeOffset)> sessions, CancellationToken ct)
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
                sessions.Add((prescriptionId, trainer, at));
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
        Guid Id, Guid? ProviderId, DateTimeOffset? SentAt, DateOnly StartDate, int DurationWeeks, int SessionsPerWeek, PrescriptionStatus Status,
        BenefitKind? Benefit, Guid? LocationId, CertificationKind? RequiredCompetence, string NationalIdHash);
}
