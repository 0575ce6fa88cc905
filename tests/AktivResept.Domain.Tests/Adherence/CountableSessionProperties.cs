using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Tests.Claims;
using AktivResept.Domain.Tests.Kpis;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Adherence;

/// <summary>
/// The one definition of a countable session (docs/sessions.md) seen from its three users: adherence, the KPIs and the
/// claims never count a participant's day more than once, a door check-in counts for adherence but bills nothing, and a
/// no-show counts nowhere.
/// </summary>
public class CountableSessionProperties
{
    [Theory]
    [InlineData(AttendanceKind.CheckIn, true, false)]
    [InlineData(AttendanceKind.ClassAttendance, true, true)]
    [InlineData(AttendanceKind.PtSession, true, true)]
    [InlineData(AttendanceKind.NoShow, false, false)]
    public void Each_kind_counts_for_adherence_and_bills_as_the_definition_says(AttendanceKind kind, bool counts, bool billable)
    {
        CountableSession.CountsForAdherence(kind).ShouldBe(counts);
        CountableSession.IsBillable(kind).ShouldBe(billable);
        new SessionCandidate(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch, kind, []).Service.HasValue.ShouldBe(billable);
    }

    [Fact]
    public void Two_sessions_on_one_day_are_one_session_for_adherence_the_kpis_and_the_claim()
    {
        var plan = new AdherencePlan(AKpi.Day(2, 2), AKpi.Day(4, 26), 2);
        AttendanceFact[] facts = [new(AKpi.At(2, 3, 9), AttendanceKind.PtSession, 60), new(AKpi.At(2, 3, 17), AttendanceKind.ClassAttendance, 60)];

        AdherenceCalculator.Evaluate(plan, facts, AKpi.At(2, 10), AdherencePolicy.Default).AttendedSessions.ShouldBe(1);
        AttendanceDays.Of(plan, facts).Sessions(plan.StartDate, plan.EndDate, AKpi.At(2, 10)).ShouldBe(1);
        var location = AKpi.Id(100);
        var kpi = AKpi.Prescription(1, plan.StartDate) with { LocationId = location, Attendance = facts };
        KpiEngine.Measure(AKpi.Spec(KpiMetric.CapacityUtilisation), AKpi.February, new KpiFacts([kpi], [], [new(location, 10)], []), AKpi.At(3, 5))
            .Numerator.ShouldBe(1m);
    }

    [Fact]
    public void A_door_check_in_counts_for_adherence_but_is_never_a_claim_line_and_a_no_show_counts_nowhere()
    {
        var plan = new AdherencePlan(AKpi.Day(2, 2), AKpi.Day(4, 26), 2);
        AttendanceFact[] facts = [new(AKpi.At(2, 3, 9), AttendanceKind.CheckIn), new(AKpi.At(2, 4, 9), AttendanceKind.NoShow)];

        AdherenceCalculator.Evaluate(plan, facts, AKpi.At(2, 10), AdherencePolicy.Default).AttendedSessions.ShouldBe(1);
        AClaim.Only(AClaim.Prescription(), AClaim.Session(AClaim.Start.AddDays(1), AttendanceKind.CheckIn)).Reasons.ShouldBe([RefusalReason.NotAttended]);
        AClaim.Only(AClaim.Prescription(), AClaim.Session(AClaim.Start.AddDays(1), AttendanceKind.NoShow)).Reasons.ShouldBe([RefusalReason.NotAttended]);
    }
}

[Properties(Arbitrary = [typeof(AttendanceGenerators)], MaxTest = 300)]
public class CountableSessionAdherenceProperties
{
    [Property]
    public void Adherence_counts_each_day_with_an_attended_event_exactly_once(AttendanceHistory history)
    {
        var days = history.Facts
            .Where(f => f.OccurredAt <= history.AsOf && CountableSession.CountsForAdherence(f.Kind))
            .Select(f => OsloCalendar.DateOf(f.OccurredAt))
            .Where(d => d >= history.Plan.StartDate && d <= history.Plan.EndDate)
            .Distinct()
            .Count();

        AdherenceCalculator.Evaluate(history.Plan, history.Facts, history.AsOf, AdherencePolicy.Default).AttendedSessions.ShouldBe(days);
    }
}

[Properties(Arbitrary = [typeof(ClaimGenerators)], MaxTest = 300)]
public class CountableSessionClaimProperties
{
    [Property]
    public void A_claim_prices_at_most_one_session_a_day_and_never_more_than_adherence_counts(ClaimScenario s)
    {
        var lines = ClaimValidator.Validate(s.Prescription, s.Candidates, s.AlreadyClaimed, s.Terms);
        var priced = lines.Where(l => l.IsPriced).Select(l => l.Date).ToList();

        priced.Distinct().Count().ShouldBe(priced.Count);
        priced.ShouldAllBe(d => s.AlreadyClaimed.All(c => c.Date != d));
        var plan = new AdherencePlan(s.Prescription.Start, s.Prescription.End, s.Prescription.SessionsPerWeek);
        var facts = s.Candidates.Select(c => new AttendanceFact(c.OccurredAt, c.Kind)).ToList();
        var adherence = AdherenceCalculator.Evaluate(plan, facts, DateTimeOffset.MaxValue, AdherencePolicy.Default).AttendedSessions;
        priced.Count.ShouldBeLessThanOrEqualTo(adherence);
    }
}
