using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Prescriptions;
using FsCheck;
using FsCheck.Fluent;

namespace AktivResept.Domain.Tests.Kpis;

/// <summary>One evaluation: a requirement, a period, a contract's facts, the instant, and a salt to rearrange the facts with.</summary>
public sealed record KpiScenario(KpiSpec Spec, KpiPeriod Period, KpiFacts Facts, DateTimeOffset AsOf, long Salt)
{
    public override string ToString() =>
        $"""
         {Spec.Key} {Spec.Direction} {Spec.Threshold} min {Spec.MinimumParticipants}; period {Period}; asOf {AsOf:u}; salt {Salt}
           {string.Join("\n  ", Facts.Prescriptions.Select(p => $"{p with { Attendance = [] }} [{string.Join(", ", p.Attendance.Select(a => $"{a.OccurredAt:u} {a.Kind}"))}]"))}
           trainer: {string.Join("; ", Facts.TrainerSessions)}
           capacity: {string.Join("; ", Facts.Capacity)}; population: {string.Join("; ", Facts.Population)}
         """;
}

public static class KpiGenerators
{
    /// <summary>A Monday; periods around it include the start of summer time (29 March 2026).</summary>
    public static readonly DateOnly Anchor = new(2026, 3, 2);

    public static readonly Guid[] Locations = [AKpi.Id(900), AKpi.Id(901), AKpi.Id(902)];

    public static Arbitrary<KpiScenario> Scenarios() =>
        (from spec in Specs()
         from periodDay in Gen.Choose(-40, 60)
         from prescriptionCount in Gen.Choose(0, 20)
         from prescriptions in Gen.CollectToArray(Enumerable.Range(1, prescriptionCount), Prescription)
         from trainer in TrainerSession(prescriptionCount).ListOf().Resize(20)
         from capacity in Gen.Elements(Locations).SelectMany(l => Gen.Choose(0, 20).Select(n => new KpiLocationCapacity(l, n))).ListOf().Resize(4)
         from population in Gen.SubListOf(Enum.GetValues<BenefitKind>())
             .SelectMany(benefits => Gen.CollectToArray(benefits.Select(b => Gen.Choose(0, 3000).Select(n => new KpiPopulation(b, n)))))
         from asOfDay in Gen.Choose(-30, 150)
         from asOfMinute in Gen.Choose(0, (24 * 60) - 1)
         from salt in Gen.Choose(int.MinValue, int.MaxValue)
         select new KpiScenario(
             spec,
             KpiPeriod.Containing(Anchor.AddDays(periodDay), spec.Period),
             new KpiFacts([.. prescriptions], [.. trainer], [.. capacity], [.. population]),
             OsloCalendar.StartOf(Anchor.AddDays(asOfDay)).AddMinutes(asOfMinute),
             salt))
        .ToArbitrary();

    private static Gen<KpiSpec> Specs() =>
        from metric in Gen.Elements(Enum.GetValues<KpiMetric>())
        from weeks in Gen.Choose(1, 16)
        from share in Gen.Elements("0.5", "0.75", "1")
        from days in Gen.Choose(1, 14)
        from location in Gen.Elements<Guid?>(null, Locations[0], Locations[1])
        from benefit in Gen.Elements<BenefitKind?>([null, .. Enum.GetValues<BenefitKind>()])
        from period in Gen.Frequency((3, Gen.Constant(KpiPeriodKind.Month)), (1, Gen.Constant(KpiPeriodKind.Quarter)))
        from minimum in Gen.Choose(1, 6)
        from threshold in Gen.Choose(0, 100).Select(n => n / 100m)
        let definition = KpiCatalogue.Get(metric)
        let given = new Dictionary<string, string?>
        {
            ["weeks"] = weeks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["share"] = share,
            ["days"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["location"] = location?.ToString(),
            ["benefit"] = benefit?.ToString(),
        }
        let parameters = definition.Parameters
            .Where(p => given[p.Name] is not null)
            .ToDictionary(p => p.Name, p => given[p.Name]!)
        select KpiSpec.TryCreate(definition.Code, parameters, threshold * definition.Max, null, period, minimum, out var spec, out _)
            ? spec
            : throw new InvalidOperationException("The generator made an invalid spec.");

    private static Gen<KpiPrescriptionFacts> Prescription(int n) =>
        from startDay in Gen.Choose(-70, 40)
        from weeks in Gen.Choose(1, 16)
        from perWeek in Gen.Choose(1, 5)
        from status in Gen.Elements(Enum.GetValues<PrescriptionStatus>())
        from endedAfter in Gen.Choose(-5, 120)
        from sentBefore in Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(0, 30 * 24 * 60).Select(m => (int?)m)))
        from answeredAfter in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(0, 15 * 24 * 60).Select(m => (int?)m)))
        from benefit in Gen.Elements<BenefitKind?>([null, .. Enum.GetValues<BenefitKind>()])
        from location in Gen.Elements<Guid?>([null, .. Locations])
        let start = Anchor.AddDays(startDay)
        from attendance in Attendance(start).ListOf().Resize(50)
        let sentAt = sentBefore is { } s ? OsloCalendar.StartOf(start).AddMinutes(-s) : (DateTimeOffset?)null
        select new KpiPrescriptionFacts(
            AKpi.Id(n),
            sentAt,
            sentAt is { } sent && answeredAfter is { } a ? sent.AddMinutes(a) : null,
            start,
            weeks,
            perWeek,
            status,
            Lifecycle.IsTerminal(status) ? start.AddDays(endedAfter) : null,
            benefit,
            location,
            [.. attendance]);

    private static Gen<AttendanceFact> Attendance(DateOnly start) =>
        from day in Gen.Choose(-5, 120)
        from minute in Gen.Choose(0, (24 * 60) - 1)
        from kind in Gen.Elements(Enum.GetValues<AttendanceKind>())
        select new AttendanceFact(OsloCalendar.StartOf(start.AddDays(day)).AddMinutes(minute), kind, 60);

    private static Gen<KpiTrainerSession> TrainerSession(int prescriptions) =>
        from n in Gen.Choose(1, Math.Max(1, prescriptions))
        from day in Gen.Choose(-60, 120)
        from qualified in Gen.Elements(true, false)
        select new KpiTrainerSession(AKpi.Id(n), Anchor.AddDays(day), qualified);
}
