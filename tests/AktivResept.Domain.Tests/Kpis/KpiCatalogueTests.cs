using AktivResept.Domain.Kpis;

namespace AktivResept.Domain.Tests.Kpis;

public class KpiCatalogueTests
{
    [Fact]
    public void Every_metric_has_exactly_one_definition_and_a_measure_function()
    {
        KpiCatalogue.All.Select(d => d.Metric).ShouldBe(Enum.GetValues<KpiMetric>(), ignoreOrder: true);
        Enum.GetValues<KpiMetric>().ShouldAllBe(m => KpiEngine.CanMeasure(m) && KpiCatalogue.Get(m).Metric == m);
    }

    [Fact]
    public void Codes_are_unique_kebab_case_and_found_by_code()
    {
        KpiCatalogue.All.Select(d => d.Code).ShouldBeUnique();
        foreach (var definition in KpiCatalogue.All)
        {
            definition.Code.ShouldMatch("^[a-z0-9]+(-[a-z0-9]+)*$");
            KpiCatalogue.TryFind(definition.Code, out var found).ShouldBeTrue();
            found.ShouldBe(definition);
        }

        KpiCatalogue.TryFind("Completion-Rate", out _).ShouldBeFalse();
        KpiCatalogue.TryFind(null, out _).ShouldBeFalse();
    }

    [Fact]
    public void The_published_codes_do_not_change()
    {
        KpiCatalogue.All.Select(d => d.Code).ShouldBe(
        [
            "adherence-by-week", "completion-rate", "dropout-rate", "median-weekly-adherence", "waiting-days-median",
            "waiting-days-p90", "capacity-utilisation", "answered-within-days", "certified-trainer-share", "equity-reach",
        ]);
    }

    [Fact]
    public void Shares_range_from_zero_to_one_and_every_default_is_a_valid_parameter_value()
    {
        foreach (var definition in KpiCatalogue.All)
        {
            if (definition.Unit == KpiUnit.Share)
            {
                (definition.Min, definition.Max).ShouldBe((0m, 1m));
            }

            var defaults = definition.Parameters.Where(p => p.Default is not null).ToDictionary(p => p.Name, p => p.Default!);
            KpiSpec.Validate(definition.Code, defaults, definition.Min, null, KpiPeriodKind.Month, 1).ShouldBeEmpty();
        }
    }
}
