using AktivResept.Domain.Outcomes;

namespace AktivResept.Server.Features.Outcomes;

/// <summary>Configuration section <c>Outcomes</c>.</summary>
public sealed class OutcomeOptions
{
    public const string Section = "Outcomes";

    /// <summary>
    /// The EQ-5D-5L value set the index is computed with. Unset, the built-in placeholder
    /// (<see cref="Eq5dValueSet.DemoPlaceholder"/>); a deployment configures a licensed national value set here
    /// (Name, Source, FullHealth, Decrements: five rows of the level 2–5 decrements), see docs/outcomes.md.
    /// </summary>
    public Eq5dValueSetOptions? Eq5dValueSet { get; set; }

    public bool RunScheduleJob { get; set; } = true;

    public int ScheduleJobIntervalSeconds { get; set; } = 3600;

    public Eq5dValueSet ValueSet()
    {
        if (Eq5dValueSet is not { Name: { Length: > 0 } name } configured)
        {
            return Domain.Outcomes.Eq5dValueSet.DemoPlaceholder;
        }

        var set = new Eq5dValueSet(name, configured.Source ?? "", configured.FullHealth, [.. configured.Decrements.Select(d => (IReadOnlyList<decimal>)d)]);
        return set.IsWellFormed
            ? set
            : throw new InvalidOperationException($"Outcomes:Eq5dValueSet '{name}' must have five rows of four rising, non-negative decrements (levels 2-5).");
    }
}

public sealed class Eq5dValueSetOptions
{
    public string? Name { get; set; }

    public string? Source { get; set; }

    public decimal FullHealth { get; set; } = 1m;

    public List<decimal[]> Decrements { get; set; } = [];
}
