using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.Tests.Statistics;

public class SmallCellsTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(120, true)]
    public void Only_counts_of_one_to_four_are_hidden(int count, bool shown)
    {
        SmallCells.CanShow(count).ShouldBe(shown);
    }

    [Fact]
    public void A_row_without_small_cells_is_shown_as_is()
    {
        SmallCells.Suppress([0, 5, 12]).ShouldBe([0, 5, 12]);
    }

    [Fact]
    public void A_lone_small_cell_takes_the_next_smallest_non_zero_cell_with_it()
    {
        // Total 30 is shown: with only the 3 hidden it would be 30 - 12 - 9 - 6.
        SmallCells.Suppress([12, 3, 9, 6, 0]).ShouldBe([12, null, 9, null, 0]);
    }

    [Fact]
    public void Two_small_cells_protect_each_other()
    {
        SmallCells.Suppress([2, 7, 4]).ShouldBe([null, 7, null]);
    }

    [Fact]
    public void Among_equal_candidates_the_first_is_hidden()
    {
        SmallCells.Suppress([8, 1, 8]).ShouldBe([null, null, 8]);
    }

    [Fact]
    public void A_negative_count_is_a_programming_error()
    {
        Should.Throw<ArgumentException>(() => SmallCells.Suppress([3, -1]));
    }
}
