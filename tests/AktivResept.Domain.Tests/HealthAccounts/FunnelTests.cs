using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Outcomes;

namespace AktivResept.Domain.Tests.HealthAccounts;

public class FunnelTests
{
    private static int? Count(FunnelRow row, AccountFunnel funnel, string stage) => row.Counts[funnel.Stages.ToList().IndexOf(stage)];

    [Fact]
    public void The_funnel_counts_persons_at_each_stage_with_a_follow_up_when_measured()
    {
        var participants = Enumerable.Range(0, 20).Select(i => Cohorts.Participant(
            accepted: i < 18,
            started: i < 15,
            adherent: i < 10,
            completed: i < 5,
            measurements: i < 6 ? Cohorts.Paired(InstrumentCatalogue.GripStrength, 30, 32) : [])).ToArray();

        var funnel = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default).Funnel;

        funnel.Stages.Take(5).ShouldBe(["referred", "accepted", "started", "adherent-week-12", "completed"]);
        Count(funnel.Total, funnel, FunnelStages.Referred).ShouldBe(20);
        Count(funnel.Total, funnel, FunnelStages.Accepted).ShouldBe(18);
        Count(funnel.Total, funnel, FunnelStages.Started).ShouldBe(15);
        Count(funnel.Total, funnel, FunnelStages.AdherentAtWeek12).ShouldBe(10);
        Count(funnel.Total, funnel, FunnelStages.Completed).ShouldBe(5);
        Count(funnel.Total, funnel, "followed-up:m6").ShouldBe(6);
        Count(funnel.Total, funnel, "followed-up:m12").ShouldBe(0);
    }

    [Fact]
    public void A_person_with_two_prescriptions_is_counted_once_in_the_group_of_the_first_referral()
    {
        var person = Guid.NewGuid();
        var participants = Enumerable.Range(0, 5).Select(_ => Cohorts.Participant(kommune: "4601"))
            .Append(Cohorts.Participant(person, referredOn: new(2025, 12, 1), kommune: "4601", completed: false))
            .Append(Cohorts.Participant(person, referredOn: new(2026, 2, 1), kommune: "0301"))
            .ToArray();

        var funnel = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default).Funnel;

        Count(funnel.Total, funnel, FunnelStages.Referred).ShouldBe(6);
        Count(funnel.Total, funnel, FunnelStages.Completed).ShouldBe(6);
        var municipalities = funnel.Breakdowns.Single(b => b.Dimension == FunnelStages.Municipality);
        municipalities.Rows.Select(r => r.Group).ShouldBe(["4601"]);
    }

    [Fact]
    public void A_follow_up_of_a_later_listed_earlier_referral_still_counts()
    {
        var person = Guid.NewGuid();
        var participants = Enumerable.Range(0, 5).Select(_ => Cohorts.Participant(measurements: Cohorts.Paired(InstrumentCatalogue.Waist, 90, 88)))
            .Append(Cohorts.Participant(person, referredOn: new(2026, 2, 1), measurements: Cohorts.Paired(InstrumentCatalogue.Waist, 90, 85)))
            .Append(Cohorts.Participant(person, referredOn: new(2025, 11, 1)))
            .ToArray();

        var funnel = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default).Funnel;

        Count(funnel.Total, funnel, "followed-up:m6").ShouldBe(6);
    }

    [Fact]
    public void The_period_is_split_into_its_oslo_calendar_quarters_that_add_up_to_the_total()
    {
        var participants = Enumerable.Range(0, 12).Select(i => Cohorts.Participant(referredOn: i < 6 ? new(2025, 11, 3) : new(2026, 2, 2))).ToArray();
        var cohort = new AccountCohort(participants, []) { Period = new(new(2025, 10, 1), new(2026, 6, 30)) };

        var funnel = HealthAccountCalculator.Compute(cohort, AccountAssumptions.Default).Funnel;

        funnel.Quarters.Dimension.ShouldBe(FunnelStages.Quarter);
        funnel.Quarters.Rows.Select(r => r.Group).ShouldBe(["2025-Q4", "2026-Q1", "2026-Q2"]);
        funnel.Quarters.Rows.Select(r => Count(r, funnel, FunnelStages.Referred)).ShouldBe([6, 6, 0]);
    }

    [Fact]
    public void Equity_breakdowns_split_by_benefit_age_band_sex_and_municipality()
    {
        var participants = Enumerable.Range(0, 10).Select(i => Cohorts.Participant(
            benefit: i < 5 ? BenefitKind.WorkAssessmentAllowance : null,
            age: i < 5 ? 25 : 70,
            sex: i < 5 ? PersonSex.Male : PersonSex.Female)).ToArray();

        var funnel = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default).Funnel;

        FunnelTable Table(string dimension) => funnel.Breakdowns.Single(b => b.Dimension == dimension);
        Count(Table(FunnelStages.Benefit).Rows.Single(r => r.Group == "WorkAssessmentAllowance"), funnel, FunnelStages.Referred).ShouldBe(5);
        Count(Table(FunnelStages.Benefit).Rows.Single(r => r.Group == FunnelStages.NoBenefit), funnel, FunnelStages.Referred).ShouldBe(5);
        Table(FunnelStages.AgeBand).Rows.Select(r => r.Group).ShouldBe(["0-17", "18-29", "30-44", "45-59", "60-67", "68+"]);
        Table(FunnelStages.AgeBand).Rows.Select(r => Count(r, funnel, FunnelStages.Referred)).ShouldBe([0, 5, 0, 0, 0, 5]);
        Table(FunnelStages.Sex).Rows.Select(r => Count(r, funnel, FunnelStages.Referred)).ShouldBe([5, 5]);
    }

    [Fact]
    public void A_scope_with_too_few_persons_gives_a_report_with_every_small_count_hidden()
    {
        var participants = Enumerable.Range(0, 3).Select(_ => Cohorts.Participant(
            weeks: [true, false], measurements: Cohorts.Paired(InstrumentCatalogue.Eq5d5l, 0.7m, 0.8m),
            costs: [new(CostPayer.State, 500m, Cohorts.Start)])).ToArray();

        var report = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default);

        report.Funnel.Total.Counts.ShouldAllBe(c => c == null || c == 0);
        report.Funnel.Breakdowns.SelectMany(b => b.Rows).SelectMany(r => r.Counts).ShouldAllBe(c => c == null || c == 0);
        report.AdherenceByWeek.ShouldAllBe(w => w.Participants == null && w.ShareAdherent == null);
        report.OutcomeChanges.ShouldAllBe(c => c.Primary.MeanChange == null && c.Primary.Analysed == null);
        report.Qalys.ShouldAllBe(q => q.Primary.MeanGain == null && q.Primary.CostPerQaly == null);
        report.Costs.Total.ShouldBe(1500m);
        report.Costs.PerParticipant.ShouldBeNull();
        report.SickLeave.Participants.ShouldBeNull();
        report.SickLeave.MeanDaysBefore.ShouldBeNull();
    }

    [Fact]
    public void Adherence_over_weeks_is_the_share_adherent_of_those_who_reached_the_week()
    {
        var participants = Enumerable.Range(0, 10).Select(i => Cohorts.Participant(
            weeks: i < 8 ? [true, i < 3] : [true])).ToArray();

        var weeks = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default).AdherenceByWeek;

        weeks[0].ShouldBe(new WeeklyAdherence(1, 10, 1.0));

        // Week 2: 3 of 8 adherent; 3 is hidden, so is 5 (or 8 − 5 gives it away), and the share.
        weeks[1].Participants.ShouldBe(8);
        weeks[1].ShareAdherent.ShouldBeNull();
    }
}
