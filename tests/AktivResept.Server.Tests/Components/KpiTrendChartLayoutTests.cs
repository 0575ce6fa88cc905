using AktivResept.Domain.Kpis;
using AktivResept.Server.Components.Contracts;

namespace AktivResept.Server.Tests.Components;

public sealed class KpiTrendChartLayoutTests
{
    private static KpiTrendPoint Point(string label, decimal? value, decimal threshold = 0.6m, KpiVerdict verdict = KpiVerdict.Met, bool final = true) =>
        new(label, value, threshold, verdict, final);

    [Fact]
    public void A_share_is_drawn_on_a_fixed_scale_from_0_to_100_percent_in_quarters()
    {
        var chart = new KpiTrendChartLayout([Point("2026-01", 0.2m)], fixedMax: 1);

        chart.Max.ShouldBe(1m);
        chart.Ticks.ShouldBe([0m, 0.25m, 0.5m, 0.75m, 1m]);
        chart.Y(0).ShouldBe(KpiTrendChartLayout.Baseline);
        chart.Y(1).ShouldBe(KpiTrendChartLayout.Top);
        chart.Y(0.5m).ShouldBe(KpiTrendChartLayout.Baseline - (KpiTrendChartLayout.PlotHeight / 2.0));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(3, 1, 3)]
    [InlineData(14, 5, 15)]
    [InlineData(37, 10, 40)]
    [InlineData(90, 25, 100)]
    [InlineData(180, 50, 200)]
    public void Without_a_fixed_scale_the_axis_ends_at_a_round_number_at_or_above_the_highest_value(int highest, int step, int max)
    {
        var chart = new KpiTrendChartLayout([Point("2026-01", 0, threshold: 0), Point("2026-02", highest, threshold: 0)], fixedMax: null);

        chart.Step.ShouldBe(step);
        chart.Max.ShouldBe(max);
        chart.Max.ShouldBeGreaterThanOrEqualTo(highest);
        chart.Ticks.Last().ShouldBe(chart.Max);
    }

    [Fact]
    public void A_threshold_higher_than_every_value_still_fits_on_the_axis()
    {
        var chart = new KpiTrendChartLayout([Point("2026-01", 3, threshold: 21)], fixedMax: null);

        chart.Max.ShouldBeGreaterThanOrEqualTo(21m);
    }

    [Fact]
    public void A_value_outside_the_scale_is_clamped_to_the_plot()
    {
        var chart = new KpiTrendChartLayout([Point("2026-01", 0.5m)], fixedMax: 1);

        chart.Y(1.4m).ShouldBe(KpiTrendChartLayout.Top);
        chart.Y(-0.2m).ShouldBe(KpiTrendChartLayout.Baseline);
    }

    [Fact]
    public void The_value_line_is_broken_where_a_period_has_no_value()
    {
        var chart = new KpiTrendChartLayout([Point("1", 0.5m), Point("2", 0.25m), Point("3", null), Point("4", 1m)], fixedMax: 1);

        var x = Enumerable.Range(0, 4).Select(i => KpiTrendChartLayout.N(KpiTrendChartLayout.CenterX(i))).ToList();
        chart.ValuePath().ShouldBe($"M{x[0]} 96 L{x[1]} 136 M{x[3]} 16");
    }

    [Fact]
    public void The_threshold_steps_where_a_new_version_changed_it_and_runs_on_where_it_did_not()
    {
        var chart = new KpiTrendChartLayout([Point("1", 0.5m, 0.5m), Point("2", 0.5m, 0.5m), Point("3", 0.5m, 0.75m)], fixedMax: 1);

        var left = KpiTrendChartLayout.Left;
        var column = KpiTrendChartLayout.Column;
        chart.ThresholdPath().ShouldBe($"M{left} 96 L{left + column} 96 L{left + column} 96 L{left + (2 * column)} 96 M{left + (2 * column)} 56 L{left + (3 * column)} 56");
    }

    [Fact]
    public void Each_verdict_has_its_own_marker_shape_so_colour_is_never_the_only_cue()
    {
        var chart = new KpiTrendChartLayout(
            [Point("1", 0.5m, verdict: KpiVerdict.Met), Point("2", 0.5m, verdict: KpiVerdict.NotMet), Point("3", 0.5m, verdict: KpiVerdict.TooFew)], fixedMax: 1);

        var shapes = Enumerable.Range(0, 3).Select(i => Shape(chart.MarkerPath(i))).ToList();

        shapes.ShouldBeUnique();
        chart.MarkerPath(0).ShouldContain("A");
    }

    [Fact]
    public void The_chart_is_never_narrower_than_four_periods_and_grows_with_more()
    {
        new KpiTrendChartLayout([Point("1", 1)], null).Width.ShouldBe(KpiTrendChartLayout.Left + (4 * KpiTrendChartLayout.Column) + 8);
        new KpiTrendChartLayout([.. Enumerable.Range(1, 12).Select(i => Point($"{i}", 1))], null).Width
            .ShouldBe(KpiTrendChartLayout.Left + (12 * KpiTrendChartLayout.Column) + 8);
    }

    [Theory]
    [InlineData("0.3", "1")]
    [InlineData("1.1", "2")]
    [InlineData("2.2", "2.5")]
    [InlineData("3", "5")]
    [InlineData("7.5", "10")]
    [InlineData("12", "20")]
    [InlineData("240", "250")]
    public void Steps_are_one_two_two_and_a_half_or_five_times_a_power_of_ten(string raw, string step) =>
        KpiTrendChartLayout.NiceStep(decimal.Parse(raw, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(decimal.Parse(step, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A marker's outline without its coordinates: the sequence of path commands.</summary>
    private static string Shape(string path) => new([.. path.Where(char.IsLetter)]);
}
