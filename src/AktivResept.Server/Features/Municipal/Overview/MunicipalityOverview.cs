using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Municipal;

namespace AktivResept.Server.Features.Municipal.Overview;

/// <summary>
/// The municipality's overview for a span of Oslo months: every count about people is already suppressed below 5
/// (null where hidden, the shared <c>SmallCells</c> rule), so every presentation (page, REST, CSV) shows the same.
/// </summary>
public sealed record MunicipalityOverview(
    string Kommunenummer,
    string MunicipalityName,
    string FromMonth,
    string ToMonth,
    IReadOnlyList<MonthFlow> Months,
    IReadOnlyList<ProviderLoad> Providers,
    UptakeTable Uptake,
    IReadOnlyList<NearbyLocation> Locations);

/// <summary>A provider's waiting time (sent → accepted, in the period) and its capacity at its locations in the municipality.</summary>
public sealed record ProviderLoad(Guid ProviderId, string ProviderName, bool Contracted, int? Accepted, double? MedianWaitDays, int Capacity, int Open, int Free);

/// <summary>Participants by benefit group in a year against the municipality's residents on that benefit.</summary>
public sealed record UptakeTable(int Year, IReadOnlyList<UptakeRow> Rows, int? Total);

/// <param name="Participants">Residents with a prescription issued in the year under this benefit; null where hidden.</param>
/// <param name="Residents">Residents on the benefit (the imported reference figure), null when none is imported.</param>
/// <param name="PerThousand">Participants per 1,000 residents on the benefit, to a tenth; null where either is missing.</param>
public sealed record UptakeRow(BenefitKind Benefit, int? Participants, int? Residents, int? ResidentsYear, string? Source, double? PerThousand);

/// <summary>A provider location and its distance from the municipality's centre.</summary>
public sealed record NearbyLocation(Guid ProviderId, string ProviderName, Guid LocationId, string LocationName, string Address, string Kommunenummer, double DistanceKm, bool Contracted, int Capacity, int Free);

public enum LocationSort
{
    Distance,
    Name,
    Free,
    Capacity,
}
