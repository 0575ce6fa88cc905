using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.SectorStatistics;

/// <summary>A published count in a breakdown; null where suppressed.</summary>
public sealed record SectorCell(string Dimension, string Category, int? Count);

/// <summary>
/// One area's counts of one measure in one year: the total and every breakdown (each adds up to the total). Level is
/// <c>country</c>, <c>county</c> or <c>municipality</c>; the code is "NO", the county number or the kommunenummer.
/// </summary>
public sealed record SectorFlow(SectorMeasure Measure, string Level, string Code, int? Total, IReadOnlyList<SectorCell> Cells);

/// <summary>
/// The published referrals, starters and completions of one year: per municipality, county and the whole country, in
/// total and by benefit group, age band and provider type. Every table shares its margins with the others (each
/// breakdown adds up to the area's total; municipalities add up to their county, counties to the country), so all of
/// them are suppressed together by <see cref="SmallCells.SuppressUnderivable"/>: no count of 1–4 is shown, and none can
/// be worked out from the shown ones.
/// </summary>
public static class SectorTables
{
    public const string Country = "country";
    public const string County = "county";
    public const string Municipality = "municipality";
    public const string CountryCode = "NO";

    public static readonly IReadOnlyList<string> Dimensions = ["benefit", "age", "provider"];

    /// <summary>The benefit group of a course: one of the six benefits, or none (municipal or employer funding).</summary>
    public const string NoBenefit = "None";

    public static IReadOnlyList<string> Categories(string dimension) => dimension switch
    {
        "benefit" => [.. Enum.GetNames<BenefitKind>(), NoBenefit],
        "age" => AgeBands.All,
        "provider" => Enum.GetNames<ProviderType>(),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown dimension."),
    };

    public static string CategoryOf(SectorCase c, string dimension) => dimension switch
    {
        "benefit" => c.Benefit,
        "age" => c.AgeBand,
        _ => c.Provider.ToString(),
    };

    /// <summary>
    /// The published flows of the cases (one year): every measure for the country, every county with a municipality
    /// and every municipality in <paramref name="municipalities"/> or in the cases, in that order.
    /// </summary>
    public static IReadOnlyList<SectorFlow> Build(IEnumerable<SectorCase> cases, IEnumerable<string> municipalities)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(municipalities);
        var list = cases.ToList();
        var kommuner = municipalities.Concat(list.Select(c => c.Kommunenummer)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var flows = new List<SectorFlow>();
        foreach (var measure in Enum.GetValues<SectorMeasure>())
        {
            flows.AddRange(BuildMeasure(measure, [.. list.Where(c => c.Measure == measure)], kommuner));
        }

        return flows;
    }

    private static IEnumerable<SectorFlow> BuildMeasure(SectorMeasure measure, List<SectorCase> cases, List<string> kommuner)
    {
        var units = new List<(string Level, string Code, List<SectorCase> Cases)> { (Country, CountryCode, cases) };
        var counties = kommuner.Select(Counties.Of).Distinct(StringComparer.Ordinal).ToList();
        units.AddRange(counties.Select(k => (County, k, cases.Where(c => Counties.Of(c.Kommunenummer) == k).ToList())));
        units.AddRange(kommuner.Select(m => (Municipality, m, cases.Where(c => c.Kommunenummer == m).ToList())));

        // One cell per (unit, dimension, category) and one total per unit.
        var values = new List<int>();
        var totals = new Dictionary<(string, string), int>();
        var cells = new Dictionary<(string, string, string, string), int>();
        foreach (var (level, code, unitCases) in units)
        {
            totals[(level, code)] = values.Count;
            values.Add(unitCases.Count);
            foreach (var dimension in Dimensions)
            {
                foreach (var category in Categories(dimension))
                {
                    cells[(level, code, dimension, category)] = values.Count;
                    values.Add(unitCases.Count(c => CategoryOf(c, dimension) == category));
                }
            }
        }

        var lines = new List<AdditiveLine>();
        foreach (var (level, code, _) in units)
        {
            foreach (var dimension in Dimensions)
            {
                lines.Add(new AdditiveLine([.. Categories(dimension).Select(c => cells[(level, code, dimension, c)])], totals[(level, code)]));
            }
        }

        void Nest(string outerLevel, string outer, string innerLevel, IReadOnlyList<string> inner)
        {
            lines.Add(new AdditiveLine([.. inner.Select(i => totals[(innerLevel, i)])], totals[(outerLevel, outer)]));
            foreach (var dimension in Dimensions)
            {
                foreach (var category in Categories(dimension))
                {
                    lines.Add(new AdditiveLine([.. inner.Select(i => cells[(innerLevel, i, dimension, category)])], cells[(outerLevel, outer, dimension, category)]));
                }
            }
        }

        Nest(Country, CountryCode, County, counties);
        foreach (var county in counties)
        {
            Nest(County, county, Municipality, [.. kommuner.Where(m => Counties.Of(m) == county)]);
        }

        var shown = SmallCells.SuppressUnderivable(values, lines);
        return units.Select(u => new SectorFlow(measure, u.Level, u.Code, shown[totals[(u.Level, u.Code)]],
            [.. Dimensions.SelectMany(d => Categories(d).Select(c => new SectorCell(d, c, shown[cells[(u.Level, u.Code, d, c)]])))]));
    }
}
