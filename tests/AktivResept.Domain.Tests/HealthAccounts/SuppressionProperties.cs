using AktivResept.Domain.HealthAccounts;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.HealthAccounts;

public class SuppressionProperties
{
    /// <summary>
    /// Every published table of a report (the funnel's total, its quarters with the period as their margin, each
    /// equity breakdown, weekly adherence, each outcome's analysed and missing, shares, arms, QALYs, costs and sick
    /// leave per person) combined as one linear system never determines a hidden count of 1–4.
    /// </summary>
    [Property(MaxTest = 200)]
    public void No_hidden_count_of_one_to_four_can_be_derived_from_everything_a_report_publishes(int seed)
    {
        var (cohort, assumptions) = RandomCohorts.Make(seed);

        var (derivable, wrong) = SuppressionAuditor.Audit(cohort, HealthAccountCalculator.Compute(cohort, assumptions));

        wrong.ShouldBeEmpty();
        derivable.ShouldBeEmpty();
    }

    [Fact]
    public void The_auditor_finds_a_count_that_a_margin_gives_away()
    {
        // A cohort where a breakdown column hides a small count and, by secondary suppression, a second one.
        var (cohort, report) = Enumerable.Range(0, 500).Select(seed => RandomCohorts.Make(seed))
            .Select(x => (x.Cohort, Report: HealthAccountCalculator.Compute(x.Cohort, x.Assumptions)))
            .First(x => x.Report.Funnel.Breakdowns.Single(b => b.Dimension == FunnelStages.Sex).Rows.All(r => r.Counts[0] is null)
                && x.Report.Funnel.Total.Counts[0] is not null);
        SuppressionAuditor.Audit(cohort, report).Derivable.ShouldBeEmpty();

        // Publishing the female count of referred persons as well leaves the male count equal to total − female.
        var sex = report.Funnel.Breakdowns.Single(b => b.Dimension == FunnelStages.Sex);
        var females = cohort.Participants.Where(p => p.Sex == PersonSex.Female).Select(p => p.PersonKey).Distinct().Count();
        var leaked = sex with { Rows = [sex.Rows[0] with { Counts = [females, .. sex.Rows[0].Counts.Skip(1)] }, sex.Rows[1]] };
        var broken = report with { Funnel = report.Funnel with { Breakdowns = [.. report.Funnel.Breakdowns.Select(b => b == sex ? leaked : b)] } };

        SuppressionAuditor.Audit(cohort, broken).Derivable.ShouldContain("sex/male/referred");
    }
}
