using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// What the account needs of a set of prescriptions besides their own row: acceptance, pauses, the attendance the
/// adherence rules count, current measurements, approved claim costs and the persons' benefit periods. Two readers fill it with the same content as
/// far as the calculator can tell: <see cref="AccountFactsSql"/> (PostgreSQL, reduced in the database) and
/// <see cref="ReadRowsAsync"/> (every row through EF: SQLite, and the reference the reduction is tested against).
/// </summary>
internal sealed class AccountFacts
{
    public HashSet<Guid> Accepted { get; } = [];

    public Dictionary<Guid, List<PausedSpan>> Paused { get; } = [];

    /// <summary>The attendance as stored, kinds and all (the row reader).</summary>
    public Dictionary<Guid, List<AttendanceFact>> Attendance { get; } = [];

    /// <summary>
    /// The instants of the attendance rows that count (the SQL reader): a list of values per prescription, not an
    /// object per row. A municipality's cohort holds millions of rows, all alive until the chunk is computed; as objects,
    /// every garbage collection would have to copy them (docs/benchmarks.md, health account).
    /// </summary>
    public Dictionary<Guid, List<DateTimeOffset>> CountedAt { get; } = [];

    public Dictionary<Guid, List<AccountMeasurement>> Measurements { get; } = [];

    /// <summary>Approved claim costs; the SQL reader keeps one row per prescription and payer (summed).</summary>
    public Dictionary<Guid, List<AccountCost>> Costs { get; } = [];

    /// <summary>The registry's benefit periods by national id hash (the KPI engine's source of a prescription's benefit).</summary>
    public Dictionary<string, List<BenefitPeriod>> Benefits { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A prescription's attendance for the adherence rules: the rows as stored, or each counted instant as an attended
    /// check-in (only the instant matters to the rules once the kind has counted). Made when asked, so the facts made
    /// for one participant are garbage as soon as it is computed.
    /// </summary>
    public IEnumerable<AttendanceFact> AttendanceOf(Guid prescriptionId) =>
        Attendance.TryGetValue(prescriptionId, out var rows) ? rows
        : CountedAt.TryGetValue(prescriptionId, out var instants) ? instants.Select(static at => new AttendanceFact(at, AttendanceKind.CheckIn))
        : [];

    public void AddPause(Guid prescriptionId, DateOnly firstDay, DateOnly lastDay)
    {
        if (new PausedSpan(firstDay, lastDay) is { Days: > 0 } span)
        {
            ListOf(Paused, prescriptionId).Add(span);
        }
    }

    /// <summary>A claim line's (or a sum of lines') costs: the public share to the claim's payer, copay and co-financing to their own.</summary>
    public void AddClaimCosts(Guid prescriptionId, PayerKind kind, decimal publicShare, decimal copay, decimal coFinancing, DateOnly day)
    {
        var list = ListOf(Costs, prescriptionId);
        AddCost(list, PayerOf(kind), publicShare, day);
        AddCost(list, CostPayer.Copay, copay, day);
        AddCost(list, CostPayer.PrivateCoFinancing, coFinancing, day);
    }

    /// <summary>
    /// Every row the account reads, reduced in the app: the attendance facts as stored (the adherence rules fold them),
    /// each approved claim line on its own. The embedded SQLite database reads this way, and the integration tests
    /// compare the PostgreSQL reduction with it.
    /// </summary>
    public static async Task ReadRowsAsync(AktivDbContext db, Guid[] chunk, DateTimeOffset now, AccountFacts into, CancellationToken ct)
    {
        into.Accepted.UnionWith(await db.StatusChanges.AsNoTracking()
            .Where(s => chunk.Contains(s.PrescriptionId) && s.To == PrescriptionStatus.Accepted && s.At <= now)
            .Select(s => s.PrescriptionId).Distinct().ToListAsync(ct));

        foreach (var p in await db.Set<PrescriptionPause>().AsNoTracking().Where(x => chunk.Contains(x.PrescriptionId))
                     .Select(x => new { x.PrescriptionId, x.FirstDay, x.LastDay }).ToListAsync(ct))
        {
            into.AddPause(p.PrescriptionId, p.FirstDay, p.LastDay);
        }

        foreach (var a in await db.AttendanceRecords.AsNoTracking()
                     .Where(a => a.PrescriptionId != null && chunk.Contains(a.PrescriptionId.Value) && a.OccurredAt <= now &&
                                 (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked))
                     .Select(a => new { PrescriptionId = a.PrescriptionId!.Value, a.OccurredAt, a.Kind }).ToListAsync(ct))
        {
            ListOf(into.Attendance, a.PrescriptionId).Add(new AttendanceFact(a.OccurredAt, a.Kind));
        }

        foreach (var m in await db.OutcomeMeasurements.AsNoTracking()
                     .Where(m => chunk.Contains(m.PrescriptionId) && m.SupersededAt == null && m.Timepoint != null)
                     .Select(m => new { m.PrescriptionId, m.Instrument, m.Timepoint, m.Score, m.EffectiveAt }).ToListAsync(ct))
        {
            ListOf(into.Measurements, m.PrescriptionId).Add(new AccountMeasurement(m.Instrument, m.Timepoint!, m.Score, OsloCalendar.DateOf(m.EffectiveAt)));
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
            into.AddClaimCosts(l.PrescriptionId, l.Kind, l.PublicShare, l.Copay, l.CoFinancing, l.ServiceDate);
        }
    }

    /// <summary>The registry's benefit periods of the named persons (by national id hash), every row through EF.</summary>
    public static async Task ReadBenefitsAsync(AktivDbContext db, string[] hashes, AccountFacts into, CancellationToken ct)
    {
        foreach (var b in await db.BenefitPeriods.AsNoTracking().Where(b => hashes.Contains(b.NationalIdHash))
                     .Select(b => new { b.NationalIdHash, b.Kind, b.From, b.To }).ToListAsync(ct))
        {
            into.AddBenefit(b.NationalIdHash, new BenefitPeriod(b.Kind, b.From, b.To));
        }
    }

    public void AddBenefit(string nationalIdHash, BenefitPeriod period)
    {
        if (!Benefits.TryGetValue(nationalIdHash, out var list))
        {
            Benefits[nationalIdHash] = list = [];
        }

        list.Add(period);
    }

    public static List<T> ListOf<T>(Dictionary<Guid, List<T>> map, Guid id) =>
        map.TryGetValue(id, out var list) ? list : map[id] = [];

    /// <summary>A zero share (e.g. no copay) is no cost row.</summary>
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
}
