namespace AktivResept.Domain.Statistics;

/// <summary>
/// Small-cell suppression, the one rule for every figure about people (KPIs' drill-down, municipality overview,
/// programme reports, health account, statistics). A count of 1–4 is never shown (0 may be). Secondary suppression:
/// when a row's total is shown and exactly one cell is hidden, it could be recovered by subtraction, so the next
/// smallest shown non-zero cell is hidden too.
/// </summary>
public static class SmallCells
{
    public const int Minimum = 5;

    public static bool CanShow(int count) => count == 0 || count >= Minimum;

    /// <summary>The cells of one row whose total is shown, with suppressed cells as null.</summary>
    public static IReadOnlyList<int?> Suppress(IReadOnlyList<int> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Any(c => c < 0))
        {
            throw new ArgumentException("Counts cannot be negative.", nameof(cells));
        }

        var shown = cells.Select(c => CanShow(c) ? c : (int?)null).ToArray();
        if (shown.Count(c => c is null) == 1)
        {
            // The next smallest cell that hides something: a shown 0 reveals nothing when hidden, so it is skipped.
            var next = Enumerable.Range(0, shown.Length)
                .Where(i => shown[i] is > 0)
                .OrderBy(i => shown[i])
                .ThenBy(i => i)
                .Cast<int?>()
                .FirstOrDefault();
            if (next is { } index)
            {
                shown[index] = null;
            }
        }

        return shown;
    }

    /// <summary>
    /// The same rule over several published tables at once: <paramref name="cells"/> are every count the tables show
    /// (inner cells and margins alike), and each line lists the cells of one additive relation (a row or column with
    /// its total). A count of 1–4 is hidden; then, until nothing changes, every line with exactly one hidden cell has
    /// its smallest shown non-zero cell hidden too, so each line with a hidden cell has at least two. Tables that
    /// share a margin (the funnel's total under each breakdown) are suppressed together, so what one hides another
    /// cannot give away.
    /// </summary>
    public static IReadOnlyList<int?> SuppressLinked(IReadOnlyList<int> cells, IReadOnlyList<IReadOnlyList<int>> lines)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(lines);
        if (cells.Any(c => c < 0))
        {
            throw new ArgumentException("Counts cannot be negative.", nameof(cells));
        }

        var hidden = cells.Select(c => !CanShow(c)).ToArray();
        bool changed;
        do
        {
            changed = false;
            foreach (var line in lines)
            {
                var hiddenInLine = 0;
                var next = -1;
                foreach (var index in line)
                {
                    if (hidden[index])
                    {
                        hiddenInLine++;
                    }
                    else if (cells[index] > 0 && (next < 0 || cells[index] < cells[next] || (cells[index] == cells[next] && index < next)))
                    {
                        next = index;
                    }
                }

                if (hiddenInLine == 1 && next >= 0)
                {
                    hidden[next] = true;
                    changed = true;
                }
            }
        }
        while (changed);

        return cells.Select((c, i) => hidden[i] ? (int?)null : c).ToArray();
    }

    /// <summary>
    /// <see cref="SuppressLinked"/>, then closed against exact derivation: "at least two hidden per line" does not
    /// stop every derivation across linked tables (a hidden cell bridging two groups of hidden cells follows from
    /// their rows and columns). While <see cref="LinearDerivation"/> finds a hidden cell the shown figures fix, the
    /// smallest shown non-zero cell on one of its lines is hidden too, until none can be worked out.
    /// </summary>
    public static IReadOnlyList<int?> SuppressUnderivable(IReadOnlyList<int> cells, IReadOnlyList<AdditiveLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var shown = SuppressLinked(cells, [.. lines.Select(l => l.Cells)]).ToArray();
        while (LinearDerivation.DerivableCells(shown, lines) is [var derivable, ..])
        {
            var next = lines.Where(l => l.Cells.Contains(derivable))
                .SelectMany(l => l.Cells)
                .Where(i => shown[i] is > 0)
                .OrderBy(i => shown[i])
                .ThenBy(i => i)
                .Cast<int?>()
                .FirstOrDefault()
                ?? Enumerable.Range(0, shown.Length).Where(i => shown[i] is > 0).OrderBy(i => shown[i]).ThenBy(i => i).Cast<int?>().FirstOrDefault();
            if (next is not { } index)
            {
                break;
            }

            shown[index] = null;
        }

        return shown;
    }
}
