namespace AktivResept.Domain.SectorStatistics;

/// <summary>The three flows the sector statistics count, each by the product's own definition (docs/sector-statistics.md).</summary>
public enum SectorMeasure
{
    Referrals,
    Starters,
    Completions,
}

/// <summary>Who provides the course, seen from the participant's home municipality.</summary>
public enum ProviderType
{
    /// <summary>A gym with an active contract with the participant's municipality.</summary>
    Contracted,

    /// <summary>A gym without one (state- or employer-funded places, or a municipality's gym elsewhere).</summary>
    NotContracted,

    /// <summary>No gym has taken the referral (yet).</summary>
    NotAssigned,
}

/// <summary>
/// One counted course in one year and measure: where the participant lives, the benefit on the prescription, the age
/// band and the provider type. Never a person: no id, no dates.
/// </summary>
public sealed record SectorCase(SectorMeasure Measure, string Kommunenummer, string Benefit, string AgeBand, ProviderType Provider);
