using AktivResept.Domain.SectorStatistics;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>
/// The public sector statistics (issue 17): aggregates only, every count of people through the shared suppression.
/// <see cref="Areas"/> names every area the figures mention; <see cref="Years"/> the years they cover.
/// </summary>
public sealed record SectorStatisticsView(
    DateOnly Day,
    DateTimeOffset ComputedAt,
    int MinimumCount,
    IReadOnlyList<int> Years,
    IReadOnlyList<SectorArea> Areas,
    IReadOnlyList<SectorYear> Data);

/// <summary>An area: the country, a county or a municipality, with the places its gyms' locations commit to now.</summary>
public sealed record SectorArea(string Level, string Code, string Name, string? County, int Places);

/// <summary>One year's figures: the flows by breakdown, the waiting times, and «Aktiv på dagtid» per municipality.</summary>
public sealed record SectorYear(int Year, IReadOnlyList<SectorFlow> Flows, IReadOnlyList<SectorWaiting> Waiting, IReadOnlyList<SectorDagtid> AktivPaDagtid);

/// <summary>Referral to first session in days (the KPI definition), shown only behind at least 5 waits.</summary>
public sealed record SectorWaiting(string Level, string Code, decimal? MedianDays, decimal? P90Days);

/// <summary>
/// «Aktiv på dagtid» in a municipality in a year: persons registered, places offered, booked and attended on the
/// sessions held, and the fill rate (booked ÷ offered); counts of people below 5 hidden, the rate with the booked count.
/// </summary>
public sealed record SectorDagtid(string Kommunenummer, int? Registered, int PlacesOffered, int? Booked, int? Attended, double? FillRatePercent);
