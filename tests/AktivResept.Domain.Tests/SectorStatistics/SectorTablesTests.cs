using AktivResept.Domain.SectorStatistics;

namespace AktivResept.Domain.Tests.SectorStatistics;

public class SectorTablesTests
{
    private static IEnumerable<SectorCase> Cases(int count, string kommune, string benefit = "SicknessBenefit", string age = "30-44", ProviderType provider = ProviderType.Contracted) =>
        Enumerable.Range(0, count).Select(_ => new SectorCase(SectorMeasure.Referrals, kommune, benefit, age, provider));

    [Fact]
    public void Counts_of_five_or_more_are_published_in_every_table_and_add_up()
    {
        var flows = SectorTables.Build([.. Cases(6, "0301"), .. Cases(7, "5001", "None", "60-67", ProviderType.NotAssigned)], []);

        var referrals = flows.Where(f => f.Measure == SectorMeasure.Referrals).ToList();
        referrals.Single(f => f.Level == SectorTables.Country).Total.ShouldBe(13);
        referrals.Single(f => f.Code == "03").Total.ShouldBe(6);
        referrals.Single(f => f.Code == "5001").Cells.Single(c => c.Dimension == "age" && c.Category == "60-67").Count.ShouldBe(7);
        referrals.Single(f => f.Code == "0301").Cells.Single(c => c.Dimension == "benefit" && c.Category == "None").Count.ShouldBe(0);
        flows.Where(f => f.Measure == SectorMeasure.Starters).ShouldAllBe(f => f.Total == 0);
    }

    [Fact]
    public void A_small_municipality_is_hidden_and_so_is_what_would_give_it_away()
    {
        // Oslo 3 (hidden), Bærum-like 3201 in another county 8, Trondheim 9: the country total minus the others would
        // give Oslo's 3 back, so the country or another area's total must be hidden too.
        var flows = SectorTables.Build([.. Cases(3, "0301"), .. Cases(8, "3201"), .. Cases(9, "5001")], [])
            .Where(f => f.Measure == SectorMeasure.Referrals).ToList();

        flows.Single(f => f.Code == "0301").Total.ShouldBeNull();
        flows.Single(f => f.Code == "03").Total.ShouldBeNull();
        var shownTotals = flows.Where(f => f.Level == SectorTables.County || f.Level == SectorTables.Country).Count(f => f.Total is not null);
        shownTotals.ShouldBeLessThan(3);
        flows.SelectMany(f => f.Cells.Select(c => c.Count).Append(f.Total)).ShouldAllBe(c => c == null || c == 0 || c >= 5);
    }
}
