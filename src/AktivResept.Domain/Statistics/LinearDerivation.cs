namespace AktivResept.Domain.Statistics;

/// <summary>An additive relation between published cells: the parts add up to the total.</summary>
public sealed record AdditiveLine(IReadOnlyList<int> Parts, int Total)
{
    /// <summary>Every cell of the line, parts and total (the form <see cref="SmallCells.SuppressLinked"/> takes).</summary>
    public IReadOnlyList<int> Cells => [.. Parts, Total];
}

/// <summary>
/// Which hidden cells a reader could still work out exactly from what is shown: every additive relation is an equation
/// in the hidden cells (the shown ones are known numbers), and a hidden cell is derivable when the equations fix it,
/// i.e. when its unit vector lies in their row space. Gaussian elimination per connected group of hidden cells.
/// </summary>
public static class LinearDerivation
{
    private const double Epsilon = 1e-9;

    public static IReadOnlyList<int> DerivableCells(IReadOnlyList<int?> shown, IReadOnlyList<AdditiveLine> lines)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(lines);

        // Equations over hidden cells only: +1 for a part, -1 for the total.
        var equations = new List<Dictionary<int, double>>();
        foreach (var line in lines)
        {
            var equation = new Dictionary<int, double>();
            foreach (var part in line.Parts)
            {
                if (shown[part] is null)
                {
                    equation[part] = equation.GetValueOrDefault(part) + 1;
                }
            }

            if (shown[line.Total] is null)
            {
                equation[line.Total] = equation.GetValueOrDefault(line.Total) - 1;
            }

            if (equation.Values.Any(v => Math.Abs(v) > Epsilon))
            {
                equations.Add(equation);
            }
        }

        var derivable = new List<int>();
        foreach (var group in Groups(equations))
        {
            derivable.AddRange(Solve(group));
        }

        derivable.Sort();
        return derivable;
    }

    /// <summary>Equations that share no hidden cell are independent and are eliminated apart.</summary>
    private static IEnumerable<List<Dictionary<int, double>>> Groups(List<Dictionary<int, double>> equations)
    {
        var parent = new Dictionary<int, int>();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        foreach (var cell in equations.SelectMany(e => e.Keys))
        {
            parent.TryAdd(cell, cell);
        }

        foreach (var equation in equations)
        {
            var first = equation.Keys.First();
            foreach (var cell in equation.Keys)
            {
                parent[Find(cell)] = Find(first);
            }
        }

        return equations.GroupBy(e => Find(e.Keys.First())).Select(g => g.ToList());
    }

    private static IEnumerable<int> Solve(List<Dictionary<int, double>> equations)
    {
        var columns = equations.SelectMany(e => e.Keys).Distinct().Order().ToArray();
        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var rows = equations.Select(e =>
        {
            var row = new double[columns.Length];
            foreach (var (cell, value) in e)
            {
                row[index[cell]] = value;
            }

            return row;
        }).ToList();

        // Reduced row echelon form.
        var pivotRow = 0;
        for (var col = 0; col < columns.Length && pivotRow < rows.Count; col++)
        {
            var best = pivotRow;
            for (var r = pivotRow + 1; r < rows.Count; r++)
            {
                if (Math.Abs(rows[r][col]) > Math.Abs(rows[best][col]))
                {
                    best = r;
                }
            }

            if (Math.Abs(rows[best][col]) < Epsilon)
            {
                continue;
            }

            (rows[pivotRow], rows[best]) = (rows[best], rows[pivotRow]);
            var pivot = rows[pivotRow][col];
            for (var k = 0; k < columns.Length; k++)
            {
                rows[pivotRow][k] /= pivot;
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (r != pivotRow && Math.Abs(rows[r][col]) > Epsilon)
                {
                    var factor = rows[r][col];
                    for (var k = 0; k < columns.Length; k++)
                    {
                        rows[r][k] -= factor * rows[pivotRow][k];
                    }
                }
            }

            pivotRow++;
        }

        // A unit vector is in the row space exactly when a row of the reduced form is that unit vector.
        foreach (var row in rows.Take(pivotRow))
        {
            var nonZero = Enumerable.Range(0, columns.Length).Where(k => Math.Abs(row[k]) > Epsilon).ToList();
            if (nonZero.Count == 1)
            {
                yield return columns[nonZero[0]];
            }
        }
    }
}
