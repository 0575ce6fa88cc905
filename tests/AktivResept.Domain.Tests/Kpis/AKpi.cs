using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.Kpis;

/// <summary>Builders for hand-computed KPI examples: Oslo days, instants, prescriptions and sessions.</summary>
internal static class AKpi
{
    public static readonly KpiPeriod February = KpiPeriod.Containing(new DateOnly(2026, 2, 1), KpiPeriodKind.Month);

    public static DateOnly Day(int month, int day, int year = 2026) => new(year, month, day);

    /// <summary>An instant on an Oslo day at the given local hour (Oslo is UTC+1 in winter).</summary>
    public static DateTimeOffset At(int month, int day, int hour = 12, int year = 2026) => OsloCalendar.StartOf(Day(month, day, year)).AddHours(hour);

    public static Guid Id(int n) => new(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);

    public static KpiPrescriptionFacts Prescription(int id, DateOnly start, int weeks = 12, int perWeek = 2) =>
        new(Id(id), SentAt: null, AnsweredAt: null, start, weeks, perWeek, PrescriptionStatus.Active, EndedOn: null, Benefit: null, LocationId: null, Attendance: []);

    public static AttendanceFact Class(DateOnly day) => new(OsloCalendar.StartOf(day).AddHours(17), AttendanceKind.ClassAttendance, 60);

    public static AttendanceFact CheckIn(DateOnly day) => new(OsloCalendar.StartOf(day).AddHours(8), AttendanceKind.CheckIn);

    public static AttendanceFact NoShow(DateOnly day) => new(OsloCalendar.StartOf(day).AddHours(17), AttendanceKind.NoShow);

    /// <summary>One class attendance a day on <paramref name="count"/> consecutive days from <paramref name="first"/>.</summary>
    public static AttendanceFact[] Daily(DateOnly first, int count) => [.. Enumerable.Range(0, count).Select(i => Class(first.AddDays(i)))];

    public static AttendanceFact[] On(params DateOnly[] days) => [.. days.Select(Class)];

    public static KpiSpec Spec(KpiMetric metric, int minimum = 1, decimal threshold = 0.5m, KpiDirection? direction = null, params (string Name, string Value)[] parameters) =>
        new(metric, parameters.ToDictionary(p => p.Name, p => p.Value), threshold, direction ?? KpiCatalogue.Get(metric).DefaultDirection, KpiPeriodKind.Month, minimum);

    public static KpiFacts Facts(params KpiPrescriptionFacts[] prescriptions) => new(prescriptions, [], [], []);
}
