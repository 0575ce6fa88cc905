using System.Globalization;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.SectorStatistics;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>The filters of the public statistics: a year, a county, a municipality (each optional).</summary>
public sealed record SectorFilter(int? Year, string? County, string? Municipality);

/// <summary>
/// Reads the latest snapshot and narrows it to the filters: a year keeps that year; a county keeps the country, the
/// county and its municipalities; a municipality keeps the country, its county and itself. Figures are never
/// recomputed here, so a narrowed answer shows exactly what the full one shows.
/// </summary>
public sealed class SectorStatisticsQuery(SectorStatisticsStore store)
{
    public async Task<Outcome<StoredSectorStatistics>> HandleAsync(string? year, string? county, string? municipality, CancellationToken ct)
    {
        if (await store.LatestAsync(ct) is not { } stored)
        {
            return Failure.Of(SectorStatisticsErrorCodes.NotComputed);
        }

        var view = stored.View;
        var errors = new ValidationErrors();
        int? wantedYear = null;
        if (!string.IsNullOrEmpty(year))
        {
            if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && view.Years.Contains(y))
            {
                wantedYear = y;
            }
            else
            {
                errors.Add("year", SectorStatisticsErrorCodes.Year.With(("first", view.Years.Min()), ("last", view.Years.Max())));
            }
        }

        var wantedCounty = string.IsNullOrEmpty(county) ? null : county;
        if (wantedCounty is not null && !(Counties.IsCountyNumber(wantedCounty) && view.Areas.Any(a => a.Level == SectorTables.County && a.Code == wantedCounty)))
        {
            errors.Add("county", SectorStatisticsErrorCodes.County);
            wantedCounty = null;
        }

        var wantedMunicipality = string.IsNullOrEmpty(municipality) ? null : municipality;
        if (wantedMunicipality is not null && !(Kommunenummer.TryParse(wantedMunicipality, out _, out _)
                && view.Areas.Any(a => a.Level == SectorTables.Municipality && a.Code == wantedMunicipality)
                && (wantedCounty is null || Counties.Of(wantedMunicipality) == wantedCounty)))
        {
            errors.Add("municipality", SectorStatisticsErrorCodes.Municipality);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        return stored with { View = Narrow(view, new SectorFilter(wantedYear, wantedCounty, wantedMunicipality)) };
    }

    public static SectorStatisticsView Narrow(SectorStatisticsView view, SectorFilter filter)
    {
        var county = filter.Municipality is { } m ? Counties.Of(m) : filter.County;
        bool Keep(string level, string code) => level switch
        {
            SectorTables.Country => true,
            SectorTables.County => county is null || code == county,
            _ => filter.Municipality is { } only ? code == only : county is null || Counties.Of(code) == county,
        };

        return view with
        {
            Years = filter.Year is { } y ? [y] : view.Years,
            Areas = [.. view.Areas.Where(a => Keep(a.Level, a.Code))],
            Data = [.. view.Data.Where(d => filter.Year is null || d.Year == filter.Year).Select(d => d with
            {
                Flows = [.. d.Flows.Where(f => Keep(f.Level, f.Code))],
                Waiting = [.. d.Waiting.Where(w => Keep(w.Level, w.Code))],
                AktivPaDagtid = [.. d.AktivPaDagtid.Where(a => Keep(SectorTables.Municipality, a.Kommunenummer))],
            })],
        };
    }
}
