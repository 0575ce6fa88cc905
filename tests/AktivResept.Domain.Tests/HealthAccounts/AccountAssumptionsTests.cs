using AktivResept.Domain.HealthAccounts;

namespace AktivResept.Domain.Tests.HealthAccounts;

public class AccountAssumptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_complete_cases_come_first()
    {
        AccountAssumptions.Default.Validate().ShouldBeEmpty();
        AccountAssumptions.Default.Missing.ShouldBe(MissingDataHandling.CompleteCases);
        AccountAssumptions.Default.MissingAlternative.ShouldNotBe(MissingDataHandling.CompleteCases);
    }

    [Theory]
    [InlineData(-0.1, "discountRatePercent")]
    [InlineData(10.01, "discountRatePercent")]
    public void A_discount_rate_outside_its_range_is_named(decimal rate, string field)
    {
        var violations = (AccountAssumptions.Default with { DiscountRatePercent = rate }).Validate();

        violations.Select(v => v.Field).ShouldBe([field]);
        violations[0].Error.Code.ShouldBe("between");
    }

    [Fact]
    public void Every_field_out_of_range_is_named_at_once()
    {
        var assumptions = new AccountAssumptions
        {
            DiscountRatePercent = 11,
            Missing = (MissingDataHandling)7,
            MissingAlternative = (MissingDataHandling)(-1),
            ValueSetName = " ",
            SickLeaveWindowDays = 29,
            SickLeaveDailyCostNok = 20_000.01m,
        };

        assumptions.Validate().Select(v => v.Field).ShouldBe(
            ["discountRatePercent", "missing", "missingAlternative", "valueSetName", "sickLeaveWindowDays", "sickLeaveDailyCostNok"]);
    }

    [Theory]
    [InlineData(731)]
    [InlineData(0)]
    public void A_sick_leave_window_outside_30_to_730_days_is_named(int days) =>
        (AccountAssumptions.Default with { SickLeaveWindowDays = days }).Validate().Single().Field.ShouldBe("sickLeaveWindowDays");

    [Fact]
    public void A_daily_cost_finer_than_the_ore_is_refused() =>
        (AccountAssumptions.Default with { SickLeaveDailyCostNok = 2800.005m }).Validate().Single().Field.ShouldBe("sickLeaveDailyCostNok");

    [Fact]
    public void The_edges_of_each_range_are_allowed()
    {
        new AccountAssumptions { DiscountRatePercent = 0, SickLeaveWindowDays = 30, SickLeaveDailyCostNok = 0 }.Validate().ShouldBeEmpty();
        new AccountAssumptions { DiscountRatePercent = 10, SickLeaveWindowDays = 730, SickLeaveDailyCostNok = 20_000 }.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void The_report_echoes_every_assumption_and_the_thresholds()
    {
        var assumptions = new AccountAssumptions
        {
            DiscountRatePercent = 3,
            Missing = MissingDataHandling.LastObservationCarriedForward,
            ValueSetName = "NO-2024",
            SickLeaveWindowDays = 90,
            SickLeaveDailyCostNok = 1234.56m,
        };

        var report = HealthAccountCalculator.Compute(AccountCohort.Empty, assumptions);

        report.Assumptions.ShouldBe(assumptions);
        report.SickLeave.WindowDays.ShouldBe(90);
        report.SickLeave.DailyCostNok.ShouldBe(1234.56m);
        report.Thresholds.ShouldBe(PriorityThresholds.All);
    }
}
