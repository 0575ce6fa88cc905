namespace AktivResept.Domain.SectorStatistics;

/// <summary>
/// The counties (fylker) from 2024: a municipality's county is the first two digits of its kommunenummer. Numbers not
/// in the list (old or future ones) are shown by their number.
/// </summary>
public static class Counties
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["03"] = "Oslo",
        ["11"] = "Rogaland",
        ["15"] = "Møre og Romsdal",
        ["18"] = "Nordland",
        ["31"] = "Østfold",
        ["32"] = "Akershus",
        ["33"] = "Buskerud",
        ["34"] = "Innlandet",
        ["39"] = "Vestfold",
        ["40"] = "Telemark",
        ["42"] = "Agder",
        ["46"] = "Vestland",
        ["50"] = "Trøndelag",
        ["55"] = "Troms",
        ["56"] = "Finnmark",
    };

    public static string Of(string kommunenummer) => kommunenummer[..2];

    public static string NameOf(string county) => Names.TryGetValue(county, out var name) ? name : $"Fylke {county}";

    public static bool IsCountyNumber(string? value) => value is { Length: 2 } && value.All(char.IsAsciiDigit) && value != "00";
}
