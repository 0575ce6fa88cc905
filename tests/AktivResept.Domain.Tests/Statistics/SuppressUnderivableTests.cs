using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.Tests.Statistics;

public class SuppressUnderivableTests
{
    /// <summary>A rows × columns table with row totals, column totals and the grand total, as additive lines.</summary>
    private static (int[] Cells, List<AdditiveLine> Lines) Table(int[,] inner)
    {
        var (rows, cols) = (inner.GetLength(0), inner.GetLength(1));
        var cells = new List<int>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                cells.Add(inner[r, c]);
            }
        }

        int Inner(int r, int c) => (r * cols) + c;
        var rowTotal = Enumerable.Range(0, rows).Select(r => { cells.Add(Enumerable.Range(0, cols).Sum(c => inner[r, c])); return cells.Count - 1; }).ToArray();
        var colTotal = Enumerable.Range(0, cols).Select(c => { cells.Add(Enumerable.Range(0, rows).Sum(r => inner[r, c])); return cells.Count - 1; }).ToArray();
        cells.Add(cells.Take(rows * cols).Sum());
        var grand = cells.Count - 1;
        var lines = new List<AdditiveLine>();
        lines.AddRange(Enumerable.Range(0, rows).Select(r => new AdditiveLine([.. Enumerable.Range(0, cols).Select(c => Inner(r, c))], rowTotal[r])));
        lines.AddRange(Enumerable.Range(0, cols).Select(c => new AdditiveLine([.. Enumerable.Range(0, rows).Select(r => Inner(r, c))], colTotal[c])));
        lines.Add(new AdditiveLine(rowTotal, grand));
        lines.Add(new AdditiveLine(colTotal, grand));
        return ([.. cells], lines);
    }

    // Two 2 × 2 blocks of small cells joined by one small cell (row 1, column 2): every row and column with a hidden
    // cell has two, yet the joining cell is row 0 + row 1 − column 0 − column 1 of the first block's sums.
    private static readonly int[,] Bridge =
    {
        { 2, 3, 20, 20 },
        { 4, 1, 2, 20 },
        { 20, 20, 3, 1 },
        { 20, 20, 4, 2 },
    };

    [Fact]
    public void Two_hidden_per_line_still_lets_a_bridging_cell_be_worked_out()
    {
        var (cells, lines) = Table(Bridge);
        var linked = SmallCells.SuppressLinked(cells, [.. lines.Select(l => l.Cells)]);

        LinearDerivation.DerivableCells(linked, lines).ShouldBe([6]);
    }

    [Fact]
    public void Suppression_closed_against_derivation_hides_more_until_nothing_can_be_worked_out()
    {
        var (cells, lines) = Table(Bridge);

        var shown = SmallCells.SuppressUnderivable(cells, lines);

        LinearDerivation.DerivableCells(shown, lines).ShouldBeEmpty();
        shown.Count(s => s is null).ShouldBeGreaterThan(9);
        shown.Where(s => s is not null).ShouldAllBe(s => s == 0 || s >= SmallCells.Minimum);
    }

    [Fact]
    public void A_lone_hidden_cell_in_a_row_with_its_total_is_derivable()
    {
        // 3 + x = 10 with x hidden.
        LinearDerivation.DerivableCells([3, null, 10], [new AdditiveLine([0, 1], 2)]).ShouldBe([1]);
        LinearDerivation.DerivableCells([null, null, 10], [new AdditiveLine([0, 1], 2)]).ShouldBeEmpty();
    }

    [Fact]
    public void Random_linked_tables_never_show_a_small_count_or_leave_one_derivable()
    {
        var random = new Random(17);
        for (var round = 0; round < 150; round++)
        {
            var (rows, cols) = (random.Next(2, 6), random.Next(2, 6));
            var inner = new int[rows, cols];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    inner[r, c] = random.Next(4) switch { 0 => 0, 1 => random.Next(1, 5), _ => random.Next(5, 40) };
                }
            }

            var (cells, lines) = Table(inner);
            var shown = SmallCells.SuppressUnderivable(cells, lines);

            LinearDerivation.DerivableCells(shown, lines).ShouldBeEmpty();
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i] is > 0 and < SmallCells.Minimum)
                {
                    shown[i].ShouldBeNull();
                }
                else if (shown[i] is { } value)
                {
                    value.ShouldBe(cells[i]);
                }
            }
        }
    }
}
