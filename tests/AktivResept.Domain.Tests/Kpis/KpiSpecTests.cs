using AktivResept.Domain.Errors;
using AktivResept.Domain.Kpis;

namespace AktivResept.Domain.Tests.Kpis;

public class KpiSpecTests
{
    private static readonly Dictionary<string, string> None = [];

    [Fact]
    public void A_valid_requirement_gets_its_defaults_filled_in()
    {
        KpiSpec.TryCreate("adherence-by-week", None, 0.6m, null, KpiPeriodKind.Quarter, 10, out var spec, out var errors).ShouldBeTrue();

        errors.ShouldBeEmpty();
        spec.Metric.ShouldBe(KpiMetric.AdherenceByWeek);
        spec.Direction.ShouldBe(KpiDirection.AtLeast);
        spec.Parameters.ShouldBe(new Dictionary<string, string> { ["share"] = "0.75", ["weeks"] = "12" });
        spec.Key.ShouldBe("adherence-by-week?share=0.75&weeks=12");
    }

    [Fact]
    public void The_key_is_the_same_however_the_parameters_are_spelt()
    {
        var spelt = new Dictionary<string, string> { ["weeks"] = " 12 ", ["share"] = "0.750" };
        KpiSpec.TryCreate("adherence-by-week", spelt, 0.5m, KpiDirection.AtMost, KpiPeriodKind.Month, 1, out var spec, out _).ShouldBeTrue();
        var bare = new KpiSpec(KpiMetric.AdherenceByWeek, new Dictionary<string, string>(), 0.9m, KpiDirection.AtLeast, KpiPeriodKind.Year, 5);

        spec.Key.ShouldBe(bare.Key);
    }

    [Fact]
    public void An_optional_parameter_without_default_is_left_out_of_the_key_unless_given()
    {
        var location = Guid.Parse("2b1c8e9a-0d4f-4f3e-9a57-6c1d2e3f4a5b");
        var all = new KpiSpec(KpiMetric.CapacityUtilisation, new Dictionary<string, string>(), 0.5m, KpiDirection.AtLeast, KpiPeriodKind.Month, 1);
        KpiSpec.TryCreate("capacity-utilisation", new Dictionary<string, string> { ["location"] = location.ToString("N").ToUpperInvariant() },
            0.5m, null, KpiPeriodKind.Month, 1, out var one, out _).ShouldBeTrue();

        all.Key.ShouldBe("capacity-utilisation");
        one.Key.ShouldBe($"capacity-utilisation?location={location:D}");
        one.LocationParameter("location").ShouldBe(location);
    }

    [Fact]
    public void A_benefit_parameter_takes_the_enum_name_in_any_case()
    {
        KpiSpec.TryCreate("equity-reach", new Dictionary<string, string> { ["benefit"] = "workassessmentallowance" }, 10, null, KpiPeriodKind.Year, 5,
            out var spec, out _).ShouldBeTrue();

        spec.Key.ShouldBe("equity-reach?benefit=WorkAssessmentAllowance");
    }

    [Fact]
    public void An_unknown_metric_is_named_on_the_metric_field()
    {
        var errors = KpiSpec.Validate("happiness", None, 0.5m, null, KpiPeriodKind.Month, 5);

        errors.ShouldHaveSingleItem().Field.ShouldBe("metric");
        errors[0].Error.Code.ShouldBe("kpi.unknown-metric");
        errors[0].Error.Args["allowed"].ShouldBe(string.Join(", ", KpiCatalogue.All.Select(d => d.Code)));
    }

    [Theory]
    [InlineData("completion-rate", -0.01)]
    [InlineData("completion-rate", 1.01)]
    [InlineData("waiting-days-p90", 3651)]
    [InlineData("equity-reach", 1000.5)]
    public void A_threshold_outside_the_metrics_range_is_refused(string metric, double threshold)
    {
        var errors = KpiSpec.Validate(metric, None, (decimal)threshold, null, KpiPeriodKind.Month, 5);

        errors.ShouldHaveSingleItem().Field.ShouldBe("threshold");
        errors[0].Error.Definition.ShouldBe(ErrorCodes.KpiThresholdOutOfRange);
    }

    [Theory]
    [InlineData("completion-rate", 0)]
    [InlineData("completion-rate", 1)]
    [InlineData("waiting-days-median", 3650)]
    public void A_threshold_on_the_edge_of_the_range_is_accepted(string metric, double threshold)
    {
        KpiSpec.Validate(metric, None, (decimal)threshold, null, KpiPeriodKind.Month, 5).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("weeks", "0", "between")]
    [InlineData("weeks", "53", "between")]
    [InlineData("weeks", "twelve", "kpi.parameter-invalid")]
    [InlineData("weeks", "1.5", "kpi.parameter-invalid")]
    [InlineData("share", "1.2", "between")]
    [InlineData("share", "0", "between")]
    [InlineData("share", "-0.5", "kpi.parameter-invalid")]
    [InlineData("colour", "blue", "kpi.parameter-unknown")]
    public void A_bad_parameter_is_named_by_its_field(string name, string value, string code)
    {
        var errors = KpiSpec.Validate("adherence-by-week", new Dictionary<string, string> { [name] = value }, 0.5m, null, KpiPeriodKind.Month, 5);

        errors.ShouldHaveSingleItem().Field.ShouldBe($"parameters.{name}");
        errors[0].Error.Code.ShouldBe(code);
    }

    [Theory]
    [InlineData("capacity-utilisation", "location", "not-a-uuid", "kpi.parameter-invalid")]
    [InlineData("equity-reach", "benefit", "Pension", "one-of")]
    [InlineData("equity-reach", "benefit", "2", "one-of")]
    [InlineData("answered-within-days", "days", "91", "between")]
    [InlineData("completion-rate", "weeks", "12", "kpi.parameter-unknown")]
    public void Each_parameter_type_is_checked(string metric, string name, string value, string code)
    {
        var errors = KpiSpec.Validate(metric, new Dictionary<string, string> { [name] = value }, 0.5m, null, KpiPeriodKind.Month, 5);

        errors.ShouldHaveSingleItem().Error.Code.ShouldBe(code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_minimum_below_one_participant_is_refused(int minimum)
    {
        var errors = KpiSpec.Validate("dropout-rate", None, 0.2m, null, KpiPeriodKind.Month, minimum);

        errors.ShouldHaveSingleItem().Field.ShouldBe("minimumParticipants");
        errors[0].Error.Definition.ShouldBe(ErrorCodes.Between);
    }

    [Fact]
    public void Every_missing_field_is_reported_at_once_and_nothing_is_built()
    {
        KpiSpec.TryCreate(null, null, null, null, null, null, out var spec, out var errors).ShouldBeFalse();

        spec.ShouldBeNull();
        errors.Select(e => e.Field).ShouldBe(["metric", "threshold", "period", "minimumParticipants"]);
        errors.ShouldAllBe(e => e.Error.Code == "required");
    }

    [Fact]
    public void An_undefined_enum_value_for_period_or_direction_is_refused()
    {
        var errors = KpiSpec.Validate("dropout-rate", None, 0.2m, (KpiDirection)7, (KpiPeriodKind)9, 5);

        errors.Select(e => (e.Field, e.Error.Code)).ShouldBe([("direction", "one-of"), ("period", "one-of")]);
    }
}
