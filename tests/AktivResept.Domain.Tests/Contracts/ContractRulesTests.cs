using AktivResept.Domain.Contracts;
using AktivResept.Domain.Kpis;

namespace AktivResept.Domain.Tests.Contracts;

public class ContractRulesTests
{
    [Theory]
    [InlineData(KpiPeriodKind.Month, "2026-01-15", "2026-02-27", false)]
    [InlineData(KpiPeriodKind.Month, "2026-01-15", "2026-02-28", true)]
    [InlineData(KpiPeriodKind.Quarter, "2026-01-01", "2026-03-31", true)]
    [InlineData(KpiPeriodKind.Quarter, "2026-02-01", "2026-06-29", false)]
    [InlineData(KpiPeriodKind.Year, "2026-01-01", "2026-12-30", false)]
    [InlineData(KpiPeriodKind.Year, "2025-07-01", "2026-12-31", true)]
    public void A_kpi_fits_a_contract_only_when_a_whole_period_lies_inside_it(KpiPeriodKind kind, string from, string to, bool fits) =>
        ContractRules.PeriodFits(kind, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(fits);

    [Theory]
    [InlineData(KpiPeriodKind.Month)]
    [InlineData(KpiPeriodKind.Year)]
    public void An_open_ended_contract_fits_every_period(KpiPeriodKind kind) =>
        ContractRules.PeriodFits(kind, new DateOnly(2026, 12, 31), null).ShouldBeTrue();

    [Fact]
    public void A_location_takes_at_most_one_countable_session_a_day_per_open_place() =>
        ContractRules.MaxPlacesPerWeek(20).ShouldBe(140);
}
