using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.Tests.Statistics;

public class SmallCellsLinkedTests
{
    [Fact]
    public void A_line_with_one_small_cell_hides_its_smallest_other_non_zero_cell()
    {
        // Cells 0..2 add up to cell 3.
        SmallCells.SuppressLinked([3, 0, 9, 12], [[0, 1, 2, 3]]).ShouldBe([null, 0, null, 12]);
    }

    [Fact]
    public void A_hidden_margin_shared_by_two_tables_makes_each_table_hide_a_second_cell()
    {
        // Total 4 (cell 0) is hidden; table A: cells 1, 2 (0 + 4); table B: cells 3, 4 (4 + 0 is hidden by itself).
        var shown = SmallCells.SuppressLinked([4, 0, 4, 4, 0], [[1, 2, 0], [3, 4, 0]]);

        shown.ShouldBe([null, 0, null, null, 0]);
    }

    [Fact]
    public void Secondary_suppression_iterates_until_every_line_with_a_hidden_cell_has_two()
    {
        // Line 1: cells 0, 1 → 2; line 2: cells 1, 3 → 4. Hiding cell 1 for line 1 leaves line 2 with one hidden.
        var shown = SmallCells.SuppressLinked([2, 6, 8, 7, 13], [[0, 1, 2], [1, 3, 4]]);

        shown.ShouldBe([null, null, 8, null, 13]);
    }

    [Fact]
    public void Zeros_and_counts_of_five_or_more_with_nothing_hidden_are_all_shown() =>
        SmallCells.SuppressLinked([0, 5, 5, 10], [[0, 1, 2, 3]]).ShouldBe([0, 5, 5, 10]);
}
