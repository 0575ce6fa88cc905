using AktivResept.Domain.Adherence;
using AktivResept.Domain.Kpis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Kpis;

[Properties(Arbitrary = [typeof(KpiGenerators)], MaxTest = 200)]
public class KpiEngineProperties
{
    /// <summary>
    /// The reader may return facts in any order and the same fact twice (a prescription read through two joins, a
    /// repeated trainer registration or population row, a door check-in replayed): the figure and fingerprint stay.
    /// </summary>
    [Property]
    public void The_same_facts_in_any_order_and_with_duplicates_give_the_same_measurement(KpiScenario s)
    {
        var prescriptions = s.Facts.Prescriptions
            .Select(p => p with { Attendance = [.. Scramble(p.Attendance, s.Salt), .. ReplayedCheckIns(p.Attendance)] })
            .ToList();
        var rearranged = new KpiFacts(
            [.. Scramble(prescriptions.Concat(prescriptions.Where((_, i) => i % 3 == 0)), s.Salt)],
            [.. Scramble(s.Facts.TrainerSessions.Concat(s.Facts.TrainerSessions.Take(3)), s.Salt)],
            [.. Scramble(s.Facts.Capacity, s.Salt)],
            [.. Scramble(s.Facts.Population.Concat(s.Facts.Population), s.Salt)]);

        var original = KpiEngine.Measure(s.Spec, s.Period, s.Facts, s.AsOf);
        var again = KpiEngine.Measure(s.Spec, s.Period, rearranged, s.AsOf);

        again.ShouldBe(original);
        again.Fingerprint.ShouldBe(original.Fingerprint);
    }

    /// <summary>
    /// A pass prepares a contract's facts once and narrows them per period: that gives the figure of the narrowed facts
    /// measured from scratch (the salt picks which prescriptions and trainer-session days are kept).
    /// </summary>
    [Property]
    public void Facts_prepared_once_and_narrowed_give_the_figure_of_the_narrowed_facts(KpiScenario s)
    {
        bool Keeps(Guid id) => (id.GetHashCode() ^ s.Salt) % 3 != 0;
        bool KeepsDay(DateOnly day) => (day.DayNumber ^ s.Salt) % 4 != 0;
        var prepared = PreparedKpiFacts.From(s.Facts with { Capacity = [], Population = [] });
        var narrowed = new KpiFacts(
            [.. s.Facts.Prescriptions.Where(p => Keeps(p.PrescriptionId))], [.. s.Facts.TrainerSessions.Where(t => KeepsDay(t.Day))],
            s.Facts.Capacity, s.Facts.Population);

        var once = KpiEngine.Measure(s.Spec, s.Period, prepared.Narrow(p => Keeps(p.PrescriptionId), KeepsDay, s.Facts.Capacity, s.Facts.Population), s.AsOf);

        once.ShouldBe(KpiEngine.Measure(s.Spec, s.Period, narrowed, s.AsOf));
    }

    /// <summary>An evaluation sees only what had happened at its instant.</summary>
    [Property]
    public void Attendance_after_the_evaluation_instant_changes_nothing(KpiScenario s)
    {
        var later = s.Facts with
        {
            Prescriptions = [.. s.Facts.Prescriptions.Select(p => p with
            {
                Attendance = [.. p.Attendance, new AttendanceFact(s.AsOf.AddMinutes(1), AttendanceKind.ClassAttendance), new AttendanceFact(s.AsOf.AddDays(2), AttendanceKind.CheckIn)],
            })],
        };

        KpiEngine.Measure(s.Spec, s.Period, later, s.AsOf).ShouldBe(KpiEngine.Measure(s.Spec, s.Period, s.Facts, s.AsOf));
    }

    [Property]
    public void Figures_stay_in_their_units_range_and_name_their_cohort(KpiScenario s)
    {
        var m = KpiEngine.Measure(s.Spec, s.Period, s.Facts, s.AsOf);

        m.Participants.ShouldBe(m.PrescriptionIds.Count);
        m.PrescriptionIds.ShouldBe(m.PrescriptionIds.Distinct().Order().ToList());
        m.PrescriptionIds.ShouldBeSubsetOf(s.Facts.Prescriptions.Select(p => p.PrescriptionId).Concat(s.Facts.TrainerSessions.Select(t => t.PrescriptionId)));
        (m.Value is null).ShouldBe(m.Denominator == 0);
        m.Numerator.ShouldBeGreaterThanOrEqualTo(0);
        if (m.Value is { } value)
        {
            value.ShouldBeGreaterThanOrEqualTo(0);
            if (s.Spec.Definition.Unit == KpiUnit.Share)
            {
                value.ShouldBeLessThanOrEqualTo(1);
            }
        }
    }

    [Property]
    public void Too_few_exactly_when_participants_are_below_the_minimum_or_there_is_no_figure(KpiScenario s)
    {
        var m = KpiEngine.Measure(s.Spec, s.Period, s.Facts, s.AsOf);

        (KpiEngine.Judge(s.Spec, m) == KpiVerdict.TooFew).ShouldBe(m.Participants < s.Spec.MinimumParticipants || m.Value is null);
    }

    [Property]
    public void The_fingerprint_changes_exactly_when_the_measurement_does(NonNegativeInt first, NonNegativeInt second, bool sameFigures, bool spelt)
    {
        // Each part varies on its own over a small domain, so equal and unequal pairs both come up often;
        // "spelt" writes the same numbers with trailing zeros (1.0, 0.50), which are the same figures.
        var ids = new[] { AKpi.Id(1), AKpi.Id(2) };
        KpiMeasurement Make(int seed, bool zeros) => new(
            Numerator: (seed % 3) * (zeros ? 1.0m : 1m),
            Denominator: 1 + (seed / 3 % 2),
            Value: (seed / 6 % 4) switch { 0 => null, 1 => zeros ? 0.50m : 0.5m, 2 => 1m, _ => 0.25m },
            Participants: 1 + (seed / 24 % 2),
            PrescriptionIds: [.. ids.Take(seed / 48 % 3)]);
        var a = Make(first.Get % 144, zeros: false);
        var b = Make((sameFigures ? first.Get : second.Get) % 144, spelt);

        (a.Fingerprint == b.Fingerprint).ShouldBe(a.Equals(b));
        a.Equals(b).ShouldBe(sameFigures || first.Get % 144 == second.Get % 144);
    }

    /// <summary>A permutation chosen by <paramref name="salt"/>, by position so equal-looking items move too.</summary>
    private static IEnumerable<T> Scramble<T>(IEnumerable<T> items, long salt) =>
        items.Select((item, i) => (item, i)).OrderBy(x => unchecked(((x.i + 1) * -7046029254386353131L) ^ salt)).Select(x => x.item);

    private static IEnumerable<AttendanceFact> ReplayedCheckIns(IEnumerable<AttendanceFact> facts) =>
        facts.Where(f => f.Kind == AttendanceKind.CheckIn).Select(f => f with { OccurredAt = f.OccurredAt.AddSeconds(1) });
}
