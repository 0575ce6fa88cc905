using AktivResept.Server.Components.Contracts;
using AktivResept.Server.Components.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AktivResept.Server.Tests.Components;

public sealed class ContractDraftFormTests
{
    private static FormValues Posted(params (string Key, string[] Values)[] fields) =>
        new(new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Values))));

    [Fact]
    public void Rows_are_read_back_in_order_with_only_the_chosen_metrics_parameters()
    {
        var form = ContractDraftForm.Read(Posted(
            ("kpis.count", ["2"]),
            ("kpis[0].metric", ["adherence-by-week"]), ("kpis[0].parameters.weeks", ["12"]), ("kpis[0].parameters.days", ["7"]), ("kpis[0].threshold", ["0,75"]),
            ("kpis[1].metric", ["completion-rate"]), ("kpis[1].threshold", ["1.5"]),
            ("availability.count", ["1"]), ("availability[0].isoDays", ["1", "3"]), ("availability[0].opens", ["06:00"])));

        form.Kpis.Select(k => k.Metric).ShouldBe(["adherence-by-week", "completion-rate"]);
        form.Kpis[0].Parameters.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["share", "weeks"]);
        form.Kpis[0].Parameters["weeks"].ShouldBe("12");
        form.Kpis[1].Threshold.ShouldBe("1.5");
        form.Availability.Single().IsoDays.ShouldBe(["1", "3"]);
    }

    [Fact]
    public void Adding_and_removing_a_row_changes_only_that_row()
    {
        var form = ContractDraftForm.Read(Posted(
            ("kpis.count", ["3"]), ("kpis[0].metric", ["completion-rate"]), ("kpis[1].metric", ["dropout-rate"]), ("kpis[2].metric", ["waiting-days-median"])));

        form.ApplyCommand("remove-kpi:1").ShouldBeTrue();
        form.Kpis.Select(k => k.Metric).ShouldBe(["completion-rate", "waiting-days-median"]);
        form.ApplyCommand("add-kpi").ShouldBeTrue();
        form.Kpis.Count.ShouldBe(3);
        form.Kpis[2].Metric.ShouldBeNull();
        form.ApplyCommand("save").ShouldBeFalse();
        form.ApplyCommand("remove-kpi:9").ShouldBeTrue();
        form.Kpis.Count.ShouldBe(3);
    }

    [Fact]
    public void A_posted_row_count_cannot_make_the_form_read_more_than_the_maximum()
    {
        ContractDraftForm.Read(Posted(("capacity.count", ["100000"]))).Capacity.Count.ShouldBe(ContractDraftForm.MaxRows);
    }

    [Theory]
    [InlineData("0,75", "0.75", false)]
    [InlineData("0.75", "0.75", false)]
    [InlineData("14", "14", false)]
    [InlineData("", null, false)]
    [InlineData("mye", null, true)]
    public void Decimals_are_read_with_a_comma_or_a_point(string text, string? expected, bool invalid)
    {
        var value = ContractDraftForm.Decimal(text, out var wasInvalid);

        value.ShouldBe(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        wasInvalid.ShouldBe(invalid);
    }
}
