using AktivResept.Domain.Eligibility;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// A reference figure: how many residents of a municipality were on a benefit in a year, from a named source (e.g.
/// NAV's statistics). The equity KPI divides the participants on a benefit by it. Imported, never typed in; one row per
/// (kommunenummer, benefit, year), a later import of the same key replaces the figure.
/// </summary>
public sealed class BenefitPopulation
{
    public string Kommunenummer { get; set; } = string.Empty;

    public BenefitKind Benefit { get; set; }

    public int Year { get; set; }

    public int Residents { get; set; }

    /// <summary>Where the figure comes from, e.g. "NAV, statistikkbanken tabell 11", shown next to every equity figure.</summary>
    public string Source { get; set; } = string.Empty;

    public DateTimeOffset ImportedAt { get; set; }
}
