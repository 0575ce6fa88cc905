using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.Prescriptions;

public class PauseTests
{
    private static readonly Actor Participant = new("person:1", "participant");

    // Monday 16 March 2026, a week into the period that starts on 9 March.
    private static readonly DateOnly Today = new(2026, 3, 16);

    private static DateTimeOffset At(DateOnly day) => OsloCalendar.StartOf(day).AddHours(10);

    private static TransitionOutcome Pause(Prescription p, DateOnly first, DateOnly last, DateOnly? today = null) =>
        p.Pause(PauseReason.Illness, null, first, last, Participant, At(today ?? Today), out _);

    [Fact]
    public void A_pause_moves_the_end_of_the_period_by_its_days()
    {
        var p = APrescription.In(PrescriptionStatus.Active);
        var before = p.EndDate;

        var o = Pause(p, Today, Today.AddDays(9));
        o.Succeeded.ShouldBeTrue(o.Error?.ToString() + o.Field);

        p.PausedDays.ShouldBe(10);
        p.EndDate.ShouldBe(before.AddDays(10));
        p.PauseDaysLeft.ShouldBe((PauseRules.DefaultMaxWeeksTotal * 7) - 10);
    }

    [Theory]
    [InlineData(PrescriptionStatus.Draft)]
    [InlineData(PrescriptionStatus.Issued)]
    [InlineData(PrescriptionStatus.Completed)]
    [InlineData(PrescriptionStatus.DroppedOut)]
    [InlineData(PrescriptionStatus.Cancelled)]
    public void Only_an_accepted_or_active_prescription_can_be_paused(PrescriptionStatus status)
    {
        var outcome = Pause(APrescription.In(status), Today, Today.AddDays(2));

        outcome.Error!.Definition.ShouldBe(ErrorCodes.PauseNotPausable);
    }

    [Fact]
    public void A_pause_cannot_start_in_the_past_but_today_is_allowed()
    {
        var p = APrescription.In(PrescriptionStatus.Active);

        var past = Pause(p, Today.AddDays(-1), Today.AddDays(3));
        (past.Error!.Definition, past.Field).ShouldBe((ErrorCodes.NotInPast, "firstDay"));
        Pause(p, Today, Today).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void A_pause_that_ends_before_it_starts_is_refused_on_its_last_day()
    {
        var outcome = Pause(APrescription.In(PrescriptionStatus.Accepted), Today.AddDays(3), Today.AddDays(2));

        (outcome.Error!.Definition, outcome.Field).ShouldBe((ErrorCodes.NotBefore, "lastDay"));
    }

    [Fact]
    public void An_overlapping_pause_is_refused_naming_the_other_pause_and_the_allowance()
    {
        var p = APrescription.In(PrescriptionStatus.Active);
        Pause(p, Today.AddDays(5), Today.AddDays(9)).Succeeded.ShouldBeTrue();

        var outcome = Pause(p, Today.AddDays(9), Today.AddDays(12));

        outcome.Error!.Definition.ShouldBe(ErrorCodes.PauseOverlaps);
        outcome.Error.Args["limitDays"].ShouldBe(28);
        outcome.Error.Args["leftDays"].ShouldBe(23);
        outcome.Error.Args["from"].ShouldBe(Today.AddDays(5));
        p.PausedDays.ShouldBe(5);
    }

    [Fact]
    public void Pauses_beyond_the_allowance_are_refused_with_what_is_left()
    {
        var p = APrescription.In(PrescriptionStatus.Active);
        Pause(p, Today, Today.AddDays(19)).Succeeded.ShouldBeTrue();

        var outcome = Pause(p, Today.AddDays(30), Today.AddDays(38));

        (outcome.Error!.Definition, outcome.Field).ShouldBe((ErrorCodes.PauseOverLimit, "lastDay"));
        outcome.Error.Args["requestedDays"].ShouldBe(9);
        outcome.Error.Args["leftDays"].ShouldBe(8);
        outcome.Error.Args["limitDays"].ShouldBe(28);
        Pause(p, Today.AddDays(30), Today.AddDays(37)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void A_referrer_who_allows_no_pauses_gets_none()
    {
        var p = new Prescription(Guid.NewGuid(), Guid.NewGuid(), APrescription.Details() with { MaxPauseWeeksTotal = 0 }, APrescription.Referrer, APrescription.Now);
        p.Issue(APrescription.Referrer, APrescription.Now, null).Succeeded.ShouldBeTrue();
        p.SendTo(APrescription.Provider, APrescription.Location, APrescription.Now).Succeeded.ShouldBeTrue();
        p.Accept(APrescription.Trainer, [APrescription.CertificationFor(p)], APrescription.ProviderAdmin, APrescription.Now).Succeeded.ShouldBeTrue();

        Pause(p, Today, Today).Error!.Definition.ShouldBe(ErrorCodes.PauseNotAllowed);
    }

    [Fact]
    public void Ending_a_pause_early_resumes_today_and_returns_the_unused_days()
    {
        var p = APrescription.In(PrescriptionStatus.Active);
        p.Pause(PauseReason.Travel, "Ferie", Today, Today.AddDays(13), Participant, At(Today), out var pause).Succeeded.ShouldBeTrue();
        var end = p.EndDate;

        p.EndPause(pause!.Id, At(Today.AddDays(4))).Succeeded.ShouldBeTrue();

        pause.LastDay.ShouldBe(Today.AddDays(3));
        p.PausedDays.ShouldBe(4);
        p.EndDate.ShouldBe(end.AddDays(-10));
        p.PauseDaysLeft.ShouldBe(24);
    }

    [Fact]
    public void Ending_a_pause_that_has_not_begun_leaves_it_without_days_and_one_that_is_over_is_refused()
    {
        var p = APrescription.In(PrescriptionStatus.Active);
        p.Pause(PauseReason.Other, null, Today.AddDays(10), Today.AddDays(12), Participant, At(Today), out var later).Succeeded.ShouldBeTrue();
        p.Pause(PauseReason.Other, null, Today, Today.AddDays(1), Participant, At(Today), out var soon).Succeeded.ShouldBeTrue();

        p.EndPause(later!.Id, At(Today)).Succeeded.ShouldBeTrue();
        later.Days.ShouldBe(0);
        p.PausedDays.ShouldBe(2);

        p.EndPause(soon!.Id, At(Today.AddDays(5))).Error!.Definition.ShouldBe(ErrorCodes.PauseAlreadyOver);
        p.EndPause(Guid.NewGuid(), At(Today)).Error!.Definition.ShouldBe(ErrorCodes.NotFound);
    }

    [Fact]
    public void The_dropout_clock_stands_still_while_paused_and_paused_days_ask_for_no_sessions()
    {
        var start = new DateOnly(2026, 3, 9);
        var paused = new PausedSpan(start.AddDays(10), start.AddDays(23));
        var plan = new AdherencePlan(start, PrescriptionPeriod.EndOf(start, 12, paused.Days), 2, [paused]);
        var unpaused = plan with { Paused = null, EndDate = PrescriptionPeriod.EndOf(start, 12, 0) };
        AttendanceFact[] facts = [new(At(start.AddDays(5)), AttendanceKind.PtSession, 60)];
        var asOf = At(start.AddDays(5 + 28));

        var withPause = AdherenceCalculator.Evaluate(plan, facts, asOf, AdherencePolicy.Default);
        var without = AdherenceCalculator.Evaluate(unpaused, facts, asOf, AdherencePolicy.Default);

        without.Verdict.ShouldBe(AdherenceVerdict.DroppedOut);
        withPause.DaysWithoutAttendance.ShouldBe(28 - 14);
        withPause.Verdict.ShouldBe(AdherenceVerdict.DropoutRisk);
        withPause.PrescribedTotal.ShouldBe(without.PrescribedTotal);
        withPause.Weeks.Single(w => w.Monday == OsloCalendar.MondayOf(start.AddDays(14))).Prescribed.ShouldBe(0);
    }

    [Fact]
    public void Kpi_facts_see_the_same_period_and_pauses_as_the_prescription()
    {
        var p = APrescription.In(PrescriptionStatus.Active);
        Pause(p, Today, Today.AddDays(6)).Succeeded.ShouldBeTrue();

        var facts = new AktivResept.Domain.Kpis.KpiPrescriptionFacts(p.Id, null, null, p.StartDate, p.DurationWeeks, p.SessionsPerWeek, p.Status, null, null, null, [], p.PausedSpans);

        facts.EndDate.ShouldBe(p.EndDate);
        facts.Plan.Paused.ShouldBe(p.PausedSpans);
    }
}
