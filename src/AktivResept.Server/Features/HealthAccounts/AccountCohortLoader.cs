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
/// query per person): the prescriptions referred in the period, then per chunk their <see cref="AccountFacts"/>
/// (acceptance, pauses, counted attendance, current measurements, approved claim costs, the persons' registry benefit
/// periods — on PostgreSQL read by <see cref="AccountFactsSql"/>, one batch per chunk, the next chunk read while the
/// current one is computed). Only the columns the account needs are read, nothing is tracked. The funnel flags come
/// from the rules that own them: the status history for accepted, <see cref="AttendanceDays"/> (the adherence
/// calculator's tallies) for started, <see cref="DoseReached"/> (the adherence-by-week KPI's verdict) for adherent, the
/// lifecycle status for completed and dropped out.
/// </summary>
public sealed class AccountCohortLoader(AktivDbContext db, AtRestCipher cipher)
{
    /// <summary>
    /// Prescriptions per chunk of facts. Each chunk's attendance and claim-line reads are a full scan of those tables
    /// (one prescription's rows are spread over them, so an index does not help; docs/benchmarks.md), so a chunk is as
    /// large as memory comfortably allows: a municipality's cohort of 200,000 is one scan of each, not five.
    /// </summary>
    public const int DefaultChunkSize = 250_000;

    /// <summary>Prescriptions per chunk; tests make it small to run the pipelined path over many chunks.</summary>
    internal int ChunkSize { get; init; } = DefaultChunkSize;

    private static readonly BenefitKind[] IncomeBenefits = [BenefitKind.SicknessBenefit, BenefitKind.WorkAssessmentAllowance];

    public Task<AccountCohort> LoadAsync(AccountTarget target, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken ct) =>
        LoadAsync(target, from, to, now, reduceInDatabase: db.Database.GetDbConnection() is NpgsqlConnection, ct);

    /// <summary>
    /// The cohort, its facts reduced in PostgreSQL (<paramref name="reduceInDatabase"/>) or read row by row (SQLite, and
    /// the tests' reference for the reduction).
    /// </summary>
    internal async Task<AccountCohort> LoadAsync(AccountTarget target, DateOnly from, DateOnly to, DateTimeOffset now, bool reduceInDatabase, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var plans = await CustomPlans.BeginAsync(db, ct);
        var rows = await PrescriptionsAsync(target, from, to, ct);
        var arms = target.PilotId is { } pilotId ? await ArmsAsync(pilotId, ct) : null;
        var participants = await ParticipantsAsync(rows, arms, now, reduceInDatabase, ct);
        return new AccountCohort(participants, await OtherCostsAsync(target, from, to, ct));
    }

    /// <summary>
    /// The cohorts of many municipality scopes in one pass (one read of the prescriptions of all of them, their facts in
    /// chunks as for one scope, then grouped by kommunenummer): what 356 single loads give, for a national overview or
    /// the benchmark, without 356 scans of the people.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, AccountCohort>> LoadMunicipalitiesAsync(
        IReadOnlyList<AccountTarget> targets, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Any(t => t.Kind != AccountScopeKind.Municipality || t.Kommunenummer is null))
        {
            throw new ArgumentException("Only municipality scopes with a kommunenummer.", nameof(targets));
        }

        await using var plans = await CustomPlans.BeginAsync(db, ct);
        var kommuner = targets.Select(t => t.Kommunenummer!).Distinct(StringComparer.Ordinal).ToArray();
        var (start, end) = (OsloCalendar.StartOf(from), OsloCalendar.StartOf(to.AddDays(1)));
        var rows = await (
                from p in db.Prescriptions.AsNoTracking()
                join person in db.People on p.ParticipantId equals person.Id
                where p.IssuedAt != null && p.IssuedAt >= start && p.IssuedAt < end && kommuner.Contains(person.Kommunenummer)
                select new PrescriptionRow(p.Id, p.ParticipantId, p.IssuedAt!.Value, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status,
                    p.EligibilityBenefit, person.NationalIdHash, person.NationalIdCipher, person.BirthDate, person.Kommunenummer, null, null))
            .ToListAsync(ct);
        var participants = await ParticipantsAsync(rows, null, now, db.Database.GetDbConnection() is NpgsqlConnection, ct);
        var byKommune = participants.ToLookup(p => p.Kommunenummer, StringComparer.Ordinal);
        var cohorts = new Dictionary<string, AccountCohort>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            cohorts[target.Kommunenummer!] = new AccountCohort([.. byKommune[target.Kommunenummer!]], await OtherCostsAsync(target, from, to, ct));
        }

        return cohorts;
    }

    /// <summary>
    /// Every referral (issued in the period) of the named persons, with its facts as for any scope: the research
    /// export's population (the persons whose consent is in force). The ids are read in chunks.
    /// </summary>
    public async Task<IReadOnlyList<AccountParticipant>> LoadPersonsAsync(IReadOnlyCollection<Guid> personIds, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        await using var plans = await CustomPlans.BeginAsync(db, ct);
        var (start, end) = (OsloCalendar.StartOf(from), OsloCalendar.StartOf(to.AddDays(1)));
        var rows = new List<PrescriptionRow>();
        foreach (var chunk in personIds.Chunk(ChunkSize * 4))
        {
            rows.AddRange(await (
                    from p in db.Prescriptions.AsNoTracking()
                    join person in db.People on p.ParticipantId equals person.Id
                    where p.IssuedAt != null && p.IssuedAt >= start && p.IssuedAt < end && chunk.Contains(person.Id)
                    select new PrescriptionRow(p.Id, p.ParticipantId, p.IssuedAt!.Value, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status,
                        p.EligibilityBenefit, person.NationalIdHash, person.NationalIdCipher, person.BirthDate, person.Kommunenummer, null, null))
                .ToListAsync(ct));
        }

        return await ParticipantsAsync(rows, null, now, db.Database.GetDbConnection() is NpgsqlConnection, ct);
    }

    /// <summary>
    /// The participants of the rows, chunk by chunk. On PostgreSQL the next chunk's facts are read (one batch, on
    /// a thread-pool thread as its rows arrive) while this thread computes the current chunk's participants, so the
    /// database's work and the app's overlap instead of adding up; the rows reader reads every chunk first.
    /// </summary>
    private async Task<List<AccountParticipant>> ParticipantsAsync(List<PrescriptionRow> rows, PilotArms? arms, DateTimeOffset now, bool reduceInDatabase, CancellationToken ct)
    {
        var participants = new List<AccountParticipant>(rows.Count);
        var chunks = rows.Chunk(ChunkSize).ToArray();
        if (!reduceInDatabase || db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            var facts = new AccountFacts();
            foreach (var chunk in chunks)
            {
                await AccountFacts.ReadRowsAsync(db, [.. chunk.Select(r => r.Id)], now, facts, ct);
            }

            // Each person once, however many of their prescriptions there are (the facts are shared by all chunks here).
            foreach (var hashes in rows.Select(r => r.NationalIdHash).Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
            {
                await AccountFacts.ReadBenefitsAsync(db, hashes, facts, ct);
            }

            participants.AddRange(Participants([.. rows], facts, arms, now));
            return InPrescriptionOrder(participants);
        }

        if (chunks.Length == 0)
        {
            return participants;
        }

        await db.Database.OpenConnectionAsync(ct);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
        Task<AccountFacts>? next = ReadChunkAsync(connection, transaction, chunks[0], now, ct);
        try
        {
            for (var i = 0; i < chunks.Length; i++)
            {
                var facts = await next!;
                // The connection is free again: the next chunk's read runs while this one is computed.
                next = i + 1 < chunks.Length ? ReadChunkAsync(connection, transaction, chunks[i + 1], now, ct) : null;
                participants.AddRange(Participants(chunks[i], facts, arms, now));
            }
        }
        finally
        {
            if (next is not null)
            {
                // Computing failed while a read was in flight: let it finish before the connection goes back.
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            await db.Database.CloseConnectionAsync();
        }

        return InPrescriptionOrder(participants);
    }

    /// <summary>
    /// The participants in one fixed order (by prescription id), whatever order PostgreSQL's plan returned the rows in:
    /// the calculator's sums in floating point (means, areas under the curve) then come out the same to the last bit for
    /// the same cohort, read alone or as part of every municipality's (measured at full scale: a parallel plan's row
    /// order made the two differ).
    /// </summary>
    private static List<AccountParticipant> InPrescriptionOrder(List<AccountParticipant> participants)
    {
        participants.Sort(static (x, y) => x.PrescriptionId.CompareTo(y.PrescriptionId));
        return participants;
    }

    private static async Task<AccountFacts> ReadChunkAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, PrescriptionRow[] chunk, DateTimeOffset now, CancellationToken ct)
    {
        // Yield first, so that the caller goes on computing while this chunk's batch is sent and read.
        await Task.Yield();
        var facts = new AccountFacts();
        await AccountFactsSql.ReadAsync(connection, transaction, [.. chunk.Select(r => r.Id)], HashesOf(chunk), now, facts, ct);
        return facts;
    }

    private static string[] HashesOf(PrescriptionRow[] chunk) => [.. chunk.Select(r => r.NationalIdHash).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The chunk's participant records, computed on every core: each is a pure function of its row and the chunk's facts
    /// (read-only by now), and the caller puts them in prescription order afterwards. With the facts of a whole cohort
    /// in one chunk the database has nothing left to do, so this is the part of the account that one core would
    /// otherwise do alone (measured: docs/benchmarks.md).
    /// </summary>
    private AccountParticipant[] Participants(PrescriptionRow[] chunk, AccountFacts facts, PilotArms? arms, DateTimeOffset now)
    {
        var computed = new AccountParticipant[chunk.Length];
        Parallel.For(0, chunk.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => computed[i] = Participant(chunk[i], facts, arms, now));
        return computed;
    }

    /// <summary>One prescription's participant record: its plan, its attendance folded by the adherence rules, its funnel flags.</summary>
    private AccountParticipant Participant(PrescriptionRow r, AccountFacts facts, PilotArms? arms, DateTimeOffset now)
    {
        var spans = facts.Paused.GetValueOrDefault(r.Id);
        var plan = new AdherencePlan(r.StartDate, PrescriptionPeriod.EndOf(r.StartDate, r.DurationWeeks, spans?.Sum(s => s.Days) ?? 0), r.SessionsPerWeek, spans);
        var days = AttendanceDays.Of(plan, facts.AttendanceOf(r.Id));
        var byWeek = AdherentByWeek(plan, r.DurationWeeks, days, now);
        var periods = facts.Benefits.GetValueOrDefault(r.NationalIdHash) ?? [];
        var referredOn = OsloCalendar.DateOf(r.IssuedAt);
        return new AccountParticipant(
            r.ParticipantId,
            r.Id,
            referredOn,
            plan.StartDate,
            plan.EndDate,
            facts.Accepted.Contains(r.Id),
            days.FirstAttended(plan.EndDate, now) is not null,
            byWeek.Count >= DoseReached.DefaultWeeks && byWeek[DoseReached.DefaultWeeks - 1],
            r.Status == PrescriptionStatus.Completed,
            r.Status,
            EligibilityRules.CoveringOn(periods, r.StartDate)?.Kind ?? r.EligibilityBenefit,
            AgeOn(r.BirthDate, referredOn),
            NationalIdSex.Of(cipher.Decrypt(r.NationalIdCipher)),
            r.Kommunenummer,
            arms?.Of(r.EnrolmentPayerId ?? Guid.Empty, r.EnrolmentSequence ?? 0),
            byWeek,
            facts.Measurements.GetValueOrDefault(r.Id) ?? [],
            facts.Costs.GetValueOrDefault(r.Id) ?? [],
            [.. periods.Where(p => IncomeBenefits.Contains(p.Kind)).OrderBy(p => p.From).Select(p => new AccountBenefitPeriod(p.Kind, p.From, p.To))]);
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

    private async Task<IReadOnlyList<OtherCost>> OtherCostsAsync(AccountTarget target, DateOnly from, DateOnly to, CancellationToken ct) =>
        [.. (await db.Set<AccountOtherCost>().AsNoTracking()
                .Where(c => c.ScopeKind == target.Kind && c.ScopeKey == target.Key && c.Day >= from && c.Day <= to)
                .OrderBy(c => c.Day).ThenBy(c => c.Id)
                .Select(c => new { c.Label, c.Payer, c.Amount, c.Day }).ToListAsync(ct))
            .Select(c => new OtherCost(c.Label, c.Payer, c.Amount, c.Day))];

    /// <summary>Whole years of age on a day.</summary>
    public static int AgeOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        return birth.AddYears(age) > day ? age - 1 : age;
    }

    private sealed record PrescriptionRow(
        Guid Id, Guid ParticipantId, DateTimeOffset IssuedAt, DateOnly StartDate, int DurationWeeks, int SessionsPerWeek, PrescriptionStatus Status,
        BenefitKind? EligibilityBenefit, string NationalIdHash, byte[] NationalIdCipher, DateOnly BirthDate, string Kommunenummer,
        Guid? EnrolmentPayerId, int? EnrolmentSequence);
}
