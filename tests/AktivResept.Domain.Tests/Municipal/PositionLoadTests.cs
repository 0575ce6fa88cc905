using AktivResept.Domain.Municipal;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Municipal;

public sealed class PositionLoadTests
{
    private static readonly DateOnly Origin = new(2026, 1, 1);

    [Fact]
    public void Two_positions_that_never_overlap_are_not_added_together()
    {
        var added = new PositionTerm(0.5m, Origin, Origin.AddMonths(12));
        PositionTerm[] held = [new(0.5m, Origin, Origin.AddMonths(3)), new(0.5m, Origin.AddMonths(6), null)];

        PositionLoad.PeakWith(added, held).ShouldBe(1m);
        PositionLoad.Fits(added, held).ShouldBeTrue();
    }

    [Fact]
    public void A_position_that_starts_inside_the_period_counts_from_its_first_day()
    {
        var added = new PositionTerm(0.6m, Origin, null);
        PositionTerm[] held = [new(0.2m, Origin.AddMonths(-12), Origin.AddDays(-1)), new(0.5m, Origin.AddMonths(2), null)];

        PositionLoad.PeakWith(added, held).ShouldBe(1.1m);
        PositionLoad.Fits(added, held).ShouldBeFalse();
    }

    [Fact]
    public void Positions_that_end_the_day_before_another_starts_do_not_overlap()
    {
        new PositionTerm(1m, Origin, Origin.AddDays(9)).Overlaps(new PositionTerm(1m, Origin.AddDays(10), null)).ShouldBeFalse();
        new PositionTerm(1m, Origin, Origin.AddDays(10)).Overlaps(new PositionTerm(1m, Origin.AddDays(10), null)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("0.01", true)]
    [InlineData("1", true)]
    [InlineData("0.4", true)]
    [InlineData("0", false)]
    [InlineData("-0.1", false)]
    [InlineData("1.01", false)]
    [InlineData("0.333", false)]
    public void A_share_is_a_whole_percent_from_1_to_100(string share, bool valid)
    {
        PositionLoad.IsValidShare(decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(valid);
    }

    /// <summary>The peak looked up at start days equals the total on the worst day found by walking every day.</summary>
    [Property]
    public void The_peak_is_the_largest_total_on_any_day_of_the_added_period(NonEmptyArray<int> positions)
    {
        // Each number gives one position: its start (0-59), length (0-29), share (1-100 %) and whether it is open-ended.
        var terms = positions.Get.Select(n => (uint)n).Select(n => new PositionTerm(
            (1 + (n / 1800 % 100)) / 100m,
            Origin.AddDays((int)(n % 60)),
            (n / 180000) % 2 == 0 ? null : Origin.AddDays((int)(n % 60) + (int)(n / 60 % 30)))).ToList();
        var added = terms[0];
        var held = terms.Skip(1).ToList();

        var last = added.To ?? Origin.AddDays(120);
        var byDay = Enumerable.Range(0, last.DayNumber - added.From.DayNumber + 1)
            .Select(added.From.AddDays)
            .Max(day => added.Share + held.Where(h => h.IsActiveOn(day)).Sum(h => h.Share));

        PositionLoad.PeakWith(added, held).ShouldBe(byDay);
    }
}
