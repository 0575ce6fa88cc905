using System.Globalization;
using AktivResept.Domain.Kpis;
using AktivResept.Server.Components.Contracts;
using AktivResept.Server.Components.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Components;

public sealed class KpiTextTests
{
    [Fact]
    public void Every_metric_parameter_unit_and_verdict_has_a_text_in_both_languages()
    {
        foreach (var culture in new[] { "nb-NO", "en" })
        {
            var keys = KpiCatalogue.All.Select(d => $"Kpi.Metric.{d.Code}")
                .Concat(KpiCatalogue.All.SelectMany(d => d.Parameters).Select(p => $"Kpi.Parameter.{p.Name}"))
                .Concat(Enum.GetNames<KpiUnit>().Select(u => $"Kpi.Unit.{u}"))
                .Concat(Enum.GetNames<KpiDirection>().Select(d => $"Kpi.Direction.{d}"))
                .Concat(Enum.GetNames<KpiPeriodKind>().Select(k => $"Kpi.PeriodKind.{k}"))
                .Concat(Enum.GetNames<KpiVerdict>().Select(v => $"Kpi.Verdict.{v}"));
            InCulture(culture, t => keys.Where(k => t[k].ResourceNotFound).ToList()).ShouldBeEmpty(culture);
        }
    }

    [Fact]
    public void Values_are_written_in_their_unit_the_Norwegian_way()
    {
        InCulture("nb-NO", t => KpiText.Value(t, KpiUnit.Share, 0.7512m)).ShouldBe("75,1 %");
        InCulture("nb-NO", t => KpiText.Value(t, KpiUnit.Days, 12m)).ShouldBe("12 dager");
        InCulture("nb-NO", t => KpiText.Requirement(t, KpiUnit.Days, KpiDirection.AtMost, 14m)).ShouldBe("høyst 14 dager");
        InCulture("en", t => KpiText.Requirement(t, KpiUnit.Share, KpiDirection.AtLeast, 0.75m)).ShouldBe("at least 75%");
    }

    [Fact]
    public void Parameters_read_as_words_a_share_as_a_percentage()
    {
        var text = InCulture("nb-NO", t => KpiText.Describe(t, "adherence-by-week", new Dictionary<string, string> { ["weeks"] = "12", ["share"] = "0.75" }));

        text.ShouldBe("Andel som når oppmøtemålet innen uke N (andel: 75 %, uker: 12)");
    }

    [Fact]
    public void A_KPI_key_splits_into_its_metric_and_parameters()
    {
        var (metric, parameters) = KpiText.ParseKey("adherence-by-week?share=0.75&weeks=12");

        metric.ShouldBe("adherence-by-week");
        parameters.ShouldBe(new Dictionary<string, string> { ["share"] = "0.75", ["weeks"] = "12" });
        KpiText.ParseKey("completion-rate").Parameters.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("kpis[2].threshold", "KPI 3, Krav")]
    [InlineData("kpis[0].parameters.weeks", "KPI 1, uker")]
    [InlineData("capacity[1].placesPerWeek", "Kapasitet 2, Plasser per uke")]
    [InlineData("availability[0].isoDays", "Tilgjengelighet 1, Dager")]
    [InlineData("validFrom", "Gjelder fra")]
    public void A_draft_form_field_is_named_by_its_row_and_label(string field, string label) =>
        InCulture("nb-NO", t => ContractDraftForm.Label(t, field)).ShouldBe(label);

    [Fact]
    public void An_unknown_metric_is_shown_by_its_code()
    {
        InCulture("nb-NO", t => KpiText.Name(t, "no-such-metric")).ShouldBe("no-such-metric");
    }

    private static T InCulture<T>(string culture, Func<IStringLocalizer<UiText>, T> render)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
            return render(new StringLocalizer<UiText>(factory));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }
}
