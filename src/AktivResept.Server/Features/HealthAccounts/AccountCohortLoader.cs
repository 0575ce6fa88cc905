using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// Reads a scope's <see cref="AccountCohort"/> in a fixed number of set-based queries per chunk of prescriptions (no
/// query per person): the prescriptions referred in the period, then per chunk their acceptance, pauses, counted
/// attendance, current measurements and approved claim lines, then the participants' registry benefit periods. Only the
/// columns the account needs are projected, nothing is tracked. The funnel flags come from the rules that own them:
/// the status history for accepted, <see cref="AttendanceDays"/> (the adherence calculator's tallies) for started,
/// <see cref="DoseReached"/> (the adherence-by-week KPI's verdict) for adherent, the status for completed.
/// </summary>
public sealed class AccountCohortLoader(AktivDbContext db, AtRestCipher cipher)
{
    public const int ChunkSize = 5000;

    private static readonly BenefitKind[] IncomeBenefits = [BenefitKind.SicknessBenefit, BenefitKind.WorkAssessmentAllowance];
    private static readonly Dictionary<string, AttendanceKind> Kinds = Enum.GetValues<AttendanceKind>().ToDictionary(k => k.ToString(), StringComparer.Ordinal);

    public async Task<AccountCohort> LoadAsync(AccountTarget target, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await PrescriptionsAsync(target, from, to, ct);
        var arms = target.PilotId is { } pilotId ? await ArmsAsync(pilotId, ct) : null;
        var ids = rows.Select(r => r.Id).ToArray();
        var accepted = new HashSet<Guid>();
        var paused = new Dictionary<Guid, List<PausedSpan>>();
        var attendance = new Dictionary<Guid, List<AttendanceFact>>();
        var measurements = new Dictionary<Guid, List<AccountMeasurement>>();
        var costs = new Dictionary<Guid, List<AccountCost>>();
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            accepted.UnionWith(await db.StatusChanges.AsNoTracking()
                .Where(s => chunk.Contains(s.PrescriptionId) && s.To == PrescriptionStatus.Accepted && s.At <= now)
                .Select(s => s.PrescriptionId).Distinct().ToListAsync(ct));

            foreach (var p in await db.Set<PrescriptionPause>().AsNoTracking().Where(x => chunk.Contains(x.PrescriptionId))
                         .Select(x => new { x.PrescriptionId, x.FirstDay, x.LastDay }).ToListAsync(ct))
            {
                if (new PausedSpan(p.FirstDay, p.LastDay) is { Days: > 0 } span)
                {
                    ListOf(paused, p.PrescriptionId).Add(span);
                }
            }

            await AttendanceAsync(chunk, now, attendance, ct);

            foreach (var m in await db.OutcomeMeasurements.AsNoTracking()
                         .Where(m => chunk.Contains(m.PrescriptionId) && m.SupersededAt == null && m.Timepoint != null)
                         .Select(m => new { m.PrescriptionId, m.Instrument, m.Timepoint, m.Score, m.EffectiveAt }).ToListAsync(ct))
            {
                ListOf(measurements, m.PrescriptionId).Add(new AccountMeasurement(m.Instrument, m.Timepoint!, m.Score, OsloCalendar.DateOf(m.EffectiveAt)));
            }

            var lines = await (
                    from l in db.ClaimLines.AsNoTracking()
                    join c in db.Claims on l.ClaimId equals c.Id
                    join payer in db.Payers on c.PayerId equals payer.Id
                    where l.PrescriptionId != null && chunk.Contains(l.PrescriptionId.Value) && l.Status == ClaimLineStatus.Approved
                    select new { PrescriptionId = l.PrescriptionId!.Value, l.ServiceDate, l.PublicShare, l.Copay, l.CoFinancing, payer.Kind })
                .ToListAsync(ct);
            foreach (var l in lines)
            {
                var list = ListOf(costs, l.PrescriptionId);
                AddCost(list, PayerOf(l.Kind), l.PublicShare, l.ServiceDate);
                AddCost(list, CostPayer.Copay, l.Copay, l.ServiceDate);
                AddCost(list, CostPayer.PrivateCoFinancing, l.CoFinancing, l.ServiceDate);
            }
        }

        var benefits = await BenefitPeriodsAsync(rows, ct);
        var participants = new List<AccountParticipant>(rows.Count);
        foreach (var r in rows)
        {
            var spans = paused.GetValueOrDefault(r.Id);
            var plan = new AdherencePlan(r.StartDate, PrescriptionPeriod.EndOf(r.StartDate, r.DurationWeeks, spans?.Sum(s => s.Days) ?? 0), r.SessionsPerWeek, spans);
            var days = AttendanceDays.Of(plan, attendance.GetValueOrDefault(r.Id) ?? []);
            var byWeek = AdherentByWeek(plan, r.DurationWeeks, days, now);
            var periods = benefits[r.NationalIdHash].ToList();
            var referredOn = OsloCalendar.DateOf(r.IssuedAt);
            participants.Add(new AccountParticipant(
                r.ParticipantId,
                r.Id,
                referredOn,
                plan.StartDate,
                plan.EndDate,
                accepted.Contains(r.Id),
                days.FirstAttended(plan.EndDate, now) is not null,
                byWeek.Count >= DoseReached.DefaultWeeks && byWeek[DoseReached.DefaultWeeks - 1],
                r.Status == PrescriptionStatus.Completed,
                EligibilityRules.CoveringOn(periods, r.StartDate)?.Kind ?? r.EligibilityBenefit,
                AgeOn(r.BirthDate, referredOn),
                NationalIdSex.Of(cipher.Decrypt(r.NationalIdCipher)),
                r.Kommunenummer,
                arms?.Of(r.EnrolmentPayerId ?? Guid.Empty, r.EnrolmentSequence ?? 0),
                byWeek,
                measurements.GetValueOrDefault(r.Id) ?? [],
                costs.GetValueOrDefault(r.Id) ?? [],
                [.. periods.Where(p => IncomeBenefits.Contains(p.Kind)).OrderBy(p => p.From).Select(p => new AccountBenefitPeriod(p.Kind, p.From, p.To))]));
        }

        return new AccountCohort(participants, await OtherCostsAsync(target, from, to, ct));
    }

    /// <summary>
    /// The adherence-by-week verdict (<see cref="DoseReached"/>, the KPI's share) for each plan week 1, 2, ... that lies
    /// inside the prescribed weeks and has ended by now.
    /// </summary>
    private static List<bool> AdherentByWeek(AdherencePlan plan, int durationWeeks, AttendanceDays days, DateTimeOffset now)
    {
        var weeks = new List<bool>();
        for (var week = 1; week <= durationWeeks && OsloCalendar.StartOf(plan.StartDate.AddDays(7 * week)) <= now; week++)
        {
            weeks.Add(DoseReached.ByWeek(plan, days, week, DoseReached.DefaultShare));
        }

        return weeks;
    }

    /// <summary>
    /// The counted (matched or linked) attendance of a chunk, instant and kind only: the one large read, so on PostgreSQL
    /// a plain reader (as <c>KpiFactsReader</c>); SQLite (the embedded demo) reads it through EF.
    /// </summary>
    private async Task AttendanceAsync(Guid[] ids, DateTimeOffset now, Dictionary<Guid, List<AttendanceFact>> into, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            foreach (var a in await db.AttendanceRecords.AsNoTracking()
                         .Where(a => a.PrescriptionId != null && ids.Contains(a.PrescriptionId.Value) && a.OccurredAt <= now &&
                                     (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked))
                         .Select(a => new { PrescriptionId = a.PrescriptionId!.Value, a.OccurredAt, a.Kind }).ToListAsync(ct))
            {
                ListOf(into, a.PrescriptionId).Add(new AttendanceFact(a.OccurredAt, a.Kind));
            }

            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT "PrescriptionId", "OccurredAt", "Kind" FROM "AttendanceRecords"
                WHERE "PrescriptionId" = ANY(@ids) AND "OccurredAt" <= @now AND "Reconciliation" IN ('Matched', 'Linked')
                """,
                connection, db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ListOf(into, reader.GetGuid(0)).Add(new AttendanceFact(reader.GetFieldValue<DateTimeOffset>(1), Kinds[reader.GetString(2)]));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The prescriptions referred (issued) on a day in the period, in the scope, with their participant.</summary>
    private async Task<List<PrescriptionRow>> PrescriptionsAsync(AccountTarget target, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = OsloCalendar.StartOf(from);
        var end = OsloCalendar.StartOf(to.AddDays(1));
        var referred = (target.Kind == AccountScopeKind.Contract && target.ContractPayer is { } payer && target.ProviderId is { } provider
                ? ContractPopulation.Of(db, payer, provider)
                : db.Prescriptions)
            .AsNoTracking()
            .Where(p => p.IssuedAt != null && p.IssuedAt >= start && p.IssuedAt < end);
        if (target.Kind == AccountScopeKind.Pilot)
        {
            var pilotId = target.PilotId;
            var only = target.PilotMunicipalityPayerId;
            return await (
                    from p in referred
                    join person in db.People on p.ParticipantId equals person.Id
                    join e in db.PilotEnrolments on person.Id equals e.PersonId
                    where e.PilotId == pilotId && e.WithdrawnAt == null && (only == null || e.PayerId == only)
                    select new PrescriptionRow(p.Id, p.ParticipantId, p.IssuedAt!.Value, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status,
                        p.EligibilityBenefit, person.NationalIdHash, person.NationalIdCipher, person.BirthDate, person.Kommunenummer, e.PayerId, e.Sequence))
                .ToListAsync(ct);
        }

        var kommune = target.Kommunenummer;
        var municipalityOnly = target.Kind == AccountScopeKind.Municipality;
        return await (
                from p in referred
                join person in db.People on p.ParticipantId equals person.Id
                where !municipalityOnly || person.Kommunenummer == kommune
                select new PrescriptionRow(p.Id, p.ParticipantId, p.IssuedAt!.Value, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status,
                    p.EligibilityBenefit, person.NationalIdHash, person.NationalIdCipher, person.BirthDate, person.Kommunenummer, null, null))
            .ToListAsync(ct);
    }

    private async Task<PilotArms?> ArmsAsync(Guid pilotId, CancellationToken ct)
    {
        var allocation = await db.PilotAllocations.AsNoTracking().Where(a => a.PilotId == pilotId).OrderByDescending(a => a.Revision).FirstOrDefaultAsync(ct);
        return allocation is null
            ? null
            : new PilotArms(allocation.Design, allocation.ParticipantArms, allocation.Municipalities.ToDictionary(m => m.PayerId, m => (m.Step, m.Arm)));
    }

    /// <summary>The registry's benefit periods of the participants (the KPI engine's source of a prescription's benefit).</summary>
    private async Task<ILookup<string, BenefitPeriod>> BenefitPeriodsAsync(List<PrescriptionRow> rows, CancellationToken ct)
    {
        var periods = new List<(string Hash, BenefitPeriod Period)>();
        foreach (var chunk in rows.Select(r => r.NationalIdHash).Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            periods.AddRange((await db.BenefitPeriods.AsNoTracking().Where(b => chunk.Contains(b.NationalIdHash))
                    .Select(b => new { b.NationalIdHash, b.Kind, b.From, b.To }).ToListAsync(ct))
                .Select(b => (b.NationalIdHash, new BenefitPeriod(b.Kind, b.From, b.To))));
        }

        return periods.ToLookup(p => p.Hash, p => p.Period, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<OtherCost>> OtherCostsAsync(AccountTarget target, DateOnly from, DateOnly to, CancellationToken ct) =>
        [.. (await db.Set<AccountOtherCost>().AsNoTracking()
                .Where(c => c.ScopeKind == target.Kind && c.ScopeKey == target.Key && c.Day >= from && c.Day <= to)
                .OrderBy(c => c.Day).ThenBy(c => c.Id)
                .Select(c => new { c.Label, c.Payer, c.Amount, c.Day }).ToListAsync(ct))
            .Select(c => new OtherCost(c.Label, c.Payer, c.Amount, c.Day))];

    /// <summary>The public share is the claim payer's; a zero share (e.g. no copay) is no cost row.</summary>
    private static void AddCost(List<AccountCost> into, CostPayer payer, decimal amount, DateOnly day)
    {
        if (amount != 0)
        {
            into.Add(new AccountCost(payer, amount, day));
        }
    }

    private static CostPayer PayerOf(PayerKind kind) => kind switch
    {
        PayerKind.State => CostPayer.State,
        PayerKind.Municipality => CostPayer.Municipality,
        _ => CostPayer.Employer,
    };

    /// <summary>Whole years of age on a day.</summary>
    public static int AgeOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        return birth.AddYears(age) > day ? age - 1 : age;
    }

    private static List<T> ListOf<T>(Dictionary<Guid, List<T>> map, Guid id) =>
        map.TryGetValue(id, out var list) ? list : map[id] = [];

    private sealed record PrescriptionRow(
        Guid Id, Guid ParticipantId, DateTimeOffset IssuedAt, DateOnly StartDate, int DurationWeeks, int SessionsPerWeek, PrescriptionStatus Status,
        BenefitKind? EligibilityBenefit, string NationalIdHash, byte[] NationalIdCipher, DateOnly BirthDate, string Kommunenummer,
        Guid? EnrolmentPayerId, int? EnrolmentSequence);
}
