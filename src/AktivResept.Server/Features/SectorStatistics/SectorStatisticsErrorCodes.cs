using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>The public statistics' query parameters, and the state before the first snapshot.</summary>
public static class SectorStatisticsErrorCodes
{
    public static readonly ErrorCode Year = new("statistics.year", Invalid, "must be one of the years the statistics cover ({first}-{last}).");

    public static readonly ErrorCode County = new("statistics.county", Invalid, "must be a county number (two digits) the statistics cover.");

    public static readonly ErrorCode Municipality = new("statistics.municipality", Invalid, "must be a municipality number (four digits) the statistics cover, in the county if one is given.");

    public static readonly ErrorCode NotComputed = new("statistics.not-computed", NotFound, "The statistics have not been computed yet.");
}
