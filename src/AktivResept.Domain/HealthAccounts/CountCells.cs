using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Every count of persons a report publishes, and the additive relations between them (a table's column with its
/// total, a count split into analysed and missing): suppressed together by <see cref="SmallCells.SuppressLinked"/>.
/// </summary>
internal sealed class CountCells
{
    private readonly List<int> values = [];
    private readonly List<IReadOnlyList<int>> lines = [];
    private IReadOnlyList<int?>? shown;

    /// <summary>Adds a count and returns its cell.</summary>
    public int Add(int value)
    {
        values.Add(value);
        return values.Count - 1;
    }

    /// <summary>Declares that the cells add up (parts and their total, in any order).</summary>
    public void Line(IReadOnlyList<int> cells) => lines.Add(cells);

    public void Suppress() => shown = SmallCells.SuppressLinked(values, lines);

    public int Value(int cell) => values[cell];

    /// <summary>The published count, null where suppressed.</summary>
    public int? Shown(int cell) => (shown ?? throw new InvalidOperationException("Suppress first."))[cell];

    public bool IsShown(int cell) => Shown(cell) is not null;
}
