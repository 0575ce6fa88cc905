using AktivResept.Domain.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Statistics;

public static class CellGenerators
{
    /// <summary>Rows of counts where zeros, small cells and large cells all come up.</summary>
    public static Arbitrary<int[]> Rows() =>
        Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 4)), (4, Gen.Choose(5, 60)))
            .ListOf().Resize(8).Select(cells => cells.ToArray()).ToArbitrary();
}

[Properties(Arbitrary = [typeof(CellGenerators)], MaxTest = 500)]
public class SmallCellsProperties
{
    [Property]
    public void A_count_of_one_to_four_is_never_shown(int[] row)
    {
        SmallCells.Suppress(row).ShouldAllBe(c => c == null || c == 0 || c >= SmallCells.Minimum);
    }

    [Property]
    public void What_is_shown_is_the_true_count(int[] row)
    {
        var shown = SmallCells.Suppress(row);

        shown.Count.ShouldBe(row.Length);
        shown.Select((c, i) => c is null || c == row[i]).ShouldAllBe(ok => ok);
    }

    /// <summary>Otherwise the one hidden cell is the shown total minus the shown cells.</summary>
    [Property]
    public void A_row_whose_total_is_shown_never_has_exactly_one_hidden_cell(int[] row)
    {
        var total = row.Sum();

        if (SmallCells.CanShow(total))
        {
            SmallCells.Suppress(row).Count(c => c is null).ShouldNotBe(1);
        }
    }

    [Property]
    public void A_row_without_small_cells_is_shown_whole(int[] row)
    {
        if (row.All(SmallCells.CanShow))
        {
            SmallCells.Suppress(row).ShouldBe(row.Select(c => (int?)c).ToList());
        }
    }
}
