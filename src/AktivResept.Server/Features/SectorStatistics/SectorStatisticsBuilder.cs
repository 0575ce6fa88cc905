using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Programmes;
using AktivResept.Domain.SectorStatistics;
using AktivResept.Domain.Statistics;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>
/// Computes the sector statistics from the data as it stands: the prescriptions of residents of every municipality
/// (by the participant's kommunenummer), counted by the product's own definitions — a referral is a prescription
/// issued in the year, a starter one whose first countable session (<see cref="AttendanceDays.FirstAttended"/>) is in
/// the year, a completion what the KPI completion rate counts (<see cref="KpiEngine"/>), and waiting times the KPI
/// waiting-days median and 90th percentile — and «Aktiv på dagtid» from its sessions and bookings. The last three
/// years (Oslo calendar years), the current one to date.
/// </summary>
public sealed class SectorStatisticsBuilder(AktivDbContext db, TimeProvider clock)
{
    public const int Years = 3;

    private static readonly PrescriptionStatus[] Terminal = [.. Enum.GetValues<PrescriptionStatus>().Where(Lifecycle.IsTerminal)];

    private static KpiSpec Spec(KpiMetric metric) => new(metric, new Dictionary<string, string>(), 0, KpiDirection.AtLeast, KpiPeriodKind.Year, 0);

    public async Task<SectorStatisticsView> BuildAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = OsloCalendar.DateOf(now);
        var years = Enumerable.Range(today.Year - Years + 1, Years).ToList();

        var municipalities = await db.Municipalities.AsNoTracking().Select(m => new { m.Kommunenummer, m.Name }).ToListAsync(ct);
        var prescriptions = await (
                from p in db.Prescriptions.AsNoTracking()
                join person in db.People on p.ParticipantId equals person.Id
                where p.IssuedAt != null && p.Status != PrescriptionStatus.Draft
                select new
                {
                    p.Id,
                    p.IssuedAt,
                    p.SentAt,
                    p.StartDate,
                    p.DurationWeeks,
                    p.SessionsPerWeek,
                    p.Status,
                    p.EligibilityBenefit,
                    p.ProviderId,
                    p.LocationId,
                    person.BirthDate,
                    person.Kommunenummer,
                })
            .ToListAsync(ct);
        var ended = (await db.StatusChanges.AsNoTracking().Where(c => Terminal.Contains(c.To)).Select(c => new { c.PrescriptionId, c.At }).ToListAsync(ct))
            .GroupBy(c => c.PrescriptionId).ToDictionary(g => g.Key, g => OsloCalendar.DateOf(g.Min(c => c.At)));
        var attendance = (await db.AttendanceRecords.AsNoTracking()
                .Where(a => a.PrescriptionId != null && (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked))
                .Select(a => new { PrescriptionId = a.PrescriptionId!.Value, a.OccurredAt, a.Kind, a.DurationMinutes })
                .ToListAsync(ct))
            .ToLookup(a => a.PrescriptionId, a => new AttendanceFact(a.OccurredAt, a.Kind, a.DurationMinutes));
        var pauses = (await db.Set<PrescriptionPause>().AsNoTracking().Select(x => new { x.PrescriptionId, x.FirstDay, x.LastDay }).ToListAsync(ct))
            .Select(x => (x.PrescriptionId, Span: new PausedSpan(x.FirstDay, x.LastDay)))
            .Where(x => x.Span.Days > 0)
            .ToLookup(x => x.PrescriptionId, x => x.Span);
        var contracted = await ContractedByMunicipalityAsync(today, ct);

        var courses = prescriptions.Select(p =>
        {
            var facts = new KpiPrescriptionFacts(p.Id, p.SentAt, null, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status,
                ended.TryGetValue(p.Id, out var e) ? e : null, p.EligibilityBenefit, p.LocationId, [.. attendance[p.Id]],
                pauses[p.Id].ToList() is { Count: > 0 } spans ? spans : null);
            var provider = p.ProviderId is not { } id ? ProviderType.NotAssigned
                : contracted.Contains((p.Kommunenummer, id)) ? ProviderType.Contracted : ProviderType.NotContracted;
            var issuedOn = OsloCalendar.DateOf(p.IssuedAt!.Value);
            var started = AttendanceDays.Of(facts.Plan, facts.Attendance).FirstAttended(facts.EndDate, now);
            return new Course(p.Kommunenummer, facts, issuedOn.Year, started is { } s ? OsloCalendar.DateOf(s).Year : null,
                p.EligibilityBenefit?.ToString() ?? SectorTables.NoBenefit, AgeBands.Of(p.BirthDate, issuedOn), provider);
        }).Where(c => c.Kommunenummer.Length == 4).ToList();

        var places = await db.Locations.AsNoTracking().GroupBy(l => l.Kommunenummer).Select(g => new { g.Key, Places = g.Sum(l => l.Capacity) }).ToListAsync(ct);
        var kommuner = municipalities.Select(m => m.Kommunenummer).Concat(courses.Select(c => c.Kommunenummer)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var placesByKommune = places.ToDictionary(p => p.Key, p => p.Places, StringComparer.Ordinal);
        var names = municipalities.ToDictionary(m => m.Kommunenummer, m => m.Name, StringComparer.Ordinal);
        var counties = kommuner.Select(Counties.Of).Distinct(StringComparer.Ordinal).ToList();
        var areas = new List<SectorArea> { new(SectorTables.Country, SectorTables.CountryCode, "Norge", null, kommuner.Sum(k => placesByKommune.GetValueOrDefault(k))) };
        areas.AddRange(counties.Select(k => new SectorArea(SectorTables.County, k, Counties.NameOf(k), null,
            kommuner.Where(m => Counties.Of(m) == k).Sum(m => placesByKommune.GetValueOrDefault(m)))));
        areas.AddRange(kommuner.Select(m => new SectorArea(SectorTables.Municipality, m, names.GetValueOrDefault(m, m), Counties.Of(m), placesByKommune.GetValueOrDefault(m))));

        var data = new List<SectorYear>();
        foreach (var year in years)
        {
            var period = new KpiPeriod(KpiPeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
            var asOf = now < OsloCalendar.StartOf(period.To.AddDays(1)) ? now : OsloCalendar.StartOf(period.To.AddDays(1));
            var cases = new List<SectorCase>();
            foreach (var c in courses)
            {
                if (c.ReferralYear == year)
                {
                    cases.Add(c.Case(SectorMeasure.Referrals));
                }

                if (c.StarterYear == year)
                {
                    cases.Add(c.Case(SectorMeasure.Starters));
                }

                if (c.Facts.EndedOn is { } end && end.Year == year && c.Facts.Status == PrescriptionStatus.Completed
                    && KpiEngine.Measure(Spec(KpiMetric.CompletionRate), period, new KpiFacts([c.Facts], [], [], []), asOf).Numerator == 1)
                {
                    cases.Add(c.Case(SectorMeasure.Completions));
                }
            }

            var waiting = new List<SectorWaiting> { Waiting(SectorTables.Country, SectorTables.CountryCode, courses, period, asOf) };
            waiting.AddRange(counties.Select(k => Waiting(SectorTables.County, k, [.. courses.Where(c => Counties.Of(c.Kommunenummer) == k)], period, asOf)));
            waiting.AddRange(kommuner.Select(m => Waiting(SectorTables.Municipality, m, [.. courses.Where(c => c.Kommunenummer == m)], period, asOf)));
            data.Add(new SectorYear(year, SectorTables.Build(cases, kommuner), waiting, await DagtidAsync(year, ct)));
        }

        return new SectorStatisticsView(today, now, SmallCells.Minimum, years, areas, data);
    }

    /// <summary>The KPI waiting days over the area's prescriptions whose first session is in the year; shown behind 5 or more.</summary>
    private static SectorWaiting Waiting(string level, string code, List<Course> courses, KpiPeriod period, DateTimeOffset asOf)
    {
        var prepared = PreparedKpiFacts.From(new KpiFacts([.. courses.Select(c => c.Facts)], [], [], []));
        var median = KpiEngine.Measure(Spec(KpiMetric.WaitingDaysMedian), period, prepared, asOf);
        if (median.Participants < SmallCells.Minimum)
        {
            return new SectorWaiting(level, code, null, null);
        }

        return new SectorWaiting(level, code, median.Value, KpiEngine.Measure(Spec(KpiMetric.WaitingDaysP90), period, prepared, asOf).Value);
    }

    /// <summary>Per municipality with a programme: registrations in the year, and the year's sessions held with their bookings.</summary>
    private async Task<IReadOnlyList<SectorDagtid>> DagtidAsync(int year, CancellationToken ct)
    {
        var (start, end) = (OsloCalendar.StartOf(new DateOnly(year, 1, 1)), OsloCalendar.StartOf(new DateOnly(year + 1, 1, 1)));
        var registered = (await db.ProgrammeRegistrations.AsNoTracking()
                .Where(r => r.RegisteredAt >= start && r.RegisteredAt < end)
                .Join(db.Programmes, r => r.ProgrammeId, p => p.Id, (r, p) => new { p.Kommunenummer, r.PersonId })
                .ToListAsync(ct))
            .GroupBy(x => x.Kommunenummer).ToDictionary(g => g.Key, g => g.Select(x => x.PersonId).Distinct().Count(), StringComparer.Ordinal);
        var sessions = await db.ProgrammeSessions.AsNoTracking()
            .Where(s => s.StartsAt >= start && s.StartsAt < end && s.CancelledAt == null)
            .Join(db.Programmes, s => s.ProgrammeId, p => p.Id, (s, p) => new
            {
                p.Kommunenummer,
                s.Capacity,
                s.Booked,
                Attended = db.ProgrammeBookings.Count(b => b.SessionId == s.Id && b.Status == BookingStatus.Attended),
            })
            .ToListAsync(ct);
        var held = sessions.GroupBy(s => s.Kommunenummer).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. registered.Keys.Concat(held.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(k =>
        {
            var list = held.GetValueOrDefault(k) ?? [];
            var offered = list.Sum(s => s.Capacity);
            var booked = Shown(list.Sum(s => s.Booked));
            return new SectorDagtid(k, Shown(registered.GetValueOrDefault(k)), offered, booked, Shown(list.Sum(s => s.Attended)),
                booked is { } b && offered > 0 ? Math.Round(100.0 * b / offered, 1, MidpointRounding.AwayFromZero) : null);
        })];
    }

    private static int? Shown(int count) => SmallCells.CanShow(count) ? count : null;

    /// <summary>(kommunenummer, provider) for every provider with an active contract with that municipality today.</summary>
    private async Task<HashSet<(string, Guid)>> ContractedByMunicipalityAsync(DateOnly today, CancellationToken ct)
    {
        var pairs = new HashSet<(string, Guid)>();
        foreach (var payer in await db.Payers.AsNoTracking().Where(p => p.Kind == PayerKind.Municipality && p.Kommunenummer != null).ToListAsync(ct))
        {
            foreach (var provider in await ContractedProviders.Of(db, payer.Id, today).ToListAsync(ct))
            {
                pairs.Add((payer.Kommunenummer!, provider));
            }
        }

        return pairs;
    }

    private sealed record Course(string Kommunenummer, KpiPrescriptionFacts Facts, int ReferralYear, int? StarterYear, string Benefit, string AgeBand, ProviderType Provider)
    {
        public SectorCase Case(SectorMeasure measure) => new(measure, Kommunenummer, Benefit, AgeBand, Provider);
    }
}
