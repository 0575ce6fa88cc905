namespace AktivResept.Domain.Outcomes;

/// <summary>
/// An EQ-5D-5L value set of the common additive form: index = <see cref="FullHealth"/> − Σ decrement(dimension,
/// level), the decrement of level 1 being 0. Which value set a deployment uses is configuration
/// (<c>Outcomes:Eq5dValueSet</c>, docs/outcomes.md): national value sets are published by their authors and licensed
/// for use through EuroQol, so the one built in is a clearly named placeholder for demos and tests, not a published set.
/// </summary>
public sealed record Eq5dValueSet(string Name, string Source, decimal FullHealth, IReadOnlyList<IReadOnlyList<decimal>> Decrements)
{
    /// <summary>
    /// A placeholder with plausible magnitudes (pain and anxiety weigh most), made up for the demo: its index is not
    /// comparable with any national value set. Every screen and resource that shows an index names the value set.
    /// </summary>
    public static readonly Eq5dValueSet DemoPlaceholder = new(
        "demo-placeholder",
        "AktivResept demo placeholder, not a published value set: configure a licensed national value set for real use",
        1m,
        [
            [0.050m, 0.070m, 0.200m, 0.270m],
            [0.050m, 0.080m, 0.160m, 0.200m],
            [0.050m, 0.060m, 0.160m, 0.180m],
            [0.060m, 0.080m, 0.270m, 0.330m],
            [0.070m, 0.100m, 0.280m, 0.290m],
        ]);

    /// <summary>Whether the value set is well formed: five dimensions of four non-negative decrements each, rising with the level.</summary>
    public bool IsWellFormed =>
        Decrements.Count == 5 &&
        Decrements.All(d => d.Count == 4 && d[0] >= 0 && d[0] <= d[1] && d[1] <= d[2] && d[2] <= d[3]);

    /// <summary>The index of a health state given as five levels 1–5 (mobility, self-care, usual activities, pain/discomfort, anxiety/depression).</summary>
    public decimal Index(IReadOnlyList<int> levels)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(levels.Count, 5);
        var index = FullHealth;
        for (var d = 0; d < 5; d++)
        {
            var level = levels[d];
            ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 5);
            if (level > 1)
            {
                index -= Decrements[d][level - 2];
            }
        }

        return index;
    }
}
