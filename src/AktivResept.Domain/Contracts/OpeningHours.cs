using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AktivResept.Domain.Contracts;

/// <summary>One opening window on an ISO weekday (1 = Monday .. 7 = Sunday), in minutes after midnight (1440 = 24:00).</summary>
public sealed record OpeningWindow(int IsoDay, int OpensMinute, int ClosesMinute);

/// <summary>
/// A location's registered opening hours, parsed from the text the provider registered. Accepts the short English
/// form ("Mo-Fr 06:00-22:00; Sa-Su 08:00-18:00") and the Norwegian one ("Man–fre 06:00–22:00, lør–søn 08:00–18:00"):
/// rules separated by ';' or ',', each a day, day range or list of days followed by one or more time ranges; a bare
/// time range adds a window to the days before it; "off"/"closed"/"stengt" closes the days. A window ends the day it
/// starts (24:00 is the latest close). Text that does not read this way is refused, never guessed.
/// </summary>
public sealed partial class OpeningHours
{
    /// <summary>Names of Monday .. Sunday in English and Norwegian, short and long.</summary>
    private static readonly string[][] Names =
    [
        ["mo", "mon", "monday", "ma", "man", "mandag"],
        ["tu", "tue", "tuesday", "ti", "tir", "tirsdag"],
        ["we", "wed", "wednesday", "on", "ons", "onsdag"],
        ["th", "thu", "thursday", "to", "tor", "torsdag"],
        ["fr", "fri", "friday", "fre", "fredag"],
        ["sa", "sat", "saturday", "lø", "lør", "lørdag"],
        ["su", "sun", "sunday", "sø", "søn", "søndag"],
    ];

    private static readonly Dictionary<string, int> DayNames = Names
        .SelectMany((names, index) => names.Select(name => (name, day: index + 1)))
        .ToDictionary(n => n.name, n => n.day, StringComparer.OrdinalIgnoreCase);

    private readonly IReadOnlyList<OpeningWindow> _windows;

    private OpeningHours(IReadOnlyList<OpeningWindow> windows) => _windows = windows;

    public IReadOnlyList<OpeningWindow> Windows => _windows;

    public static bool TryParse(string? text, [NotNullWhen(true)] out OpeningHours? hours)
    {
        hours = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var windows = new List<OpeningWindow>();
        var days = new List<int>();
        var pendingDaysOnly = false;
        foreach (var raw in text.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Rule().Match(raw);
            if (!match.Success)
            {
                return false;
            }

            if (match.Groups["days"].Success)
            {
                if (!TryParseDays(match.Groups["days"].Value, out var parsed))
                {
                    return false;
                }

                days = pendingDaysOnly ? [.. days.Union(parsed)] : parsed;
            }
            else if (days.Count == 0)
            {
                return false;
            }

            if (match.Groups["closed"].Success)
            {
                windows.RemoveAll(w => days.Contains(w.IsoDay));
                pendingDaysOnly = false;
            }
            else if (match.Groups["opens"].Success)
            {
                var opens = Minute(match.Groups["opens"].Value);
                var closes = Minute(match.Groups["closes"].Value);
                if (opens is not { } from || closes is not { } to || to <= from)
                {
                    return false;
                }

                windows.AddRange(days.Select(day => new OpeningWindow(day, from, to)));
                pendingDaysOnly = false;
            }
            else
            {
                // "Mo, We 06:00-10:00": the list of days continues in the next part.
                pendingDaysOnly = true;
            }
        }

        if (pendingDaysOnly)
        {
            return false;
        }

        hours = new OpeningHours(windows);
        return true;
    }

    /// <summary>True when the location is open without a break from <paramref name="opens"/> to <paramref name="closes"/> on the day.</summary>
    public bool Covers(int isoDay, TimeOnly opens, TimeOnly closes)
    {
        var from = (opens.Hour * 60) + opens.Minute;
        var to = (closes.Hour * 60) + closes.Minute;
        var reached = from;
        foreach (var window in _windows.Where(w => w.IsoDay == isoDay).OrderBy(w => w.OpensMinute))
        {
            if (window.OpensMinute > reached)
            {
                break;
            }

            reached = Math.Max(reached, window.ClosesMinute);
            if (reached >= to)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseDays(string text, out List<int> days)
    {
        days = [];
        foreach (var part in DashWithSpaces().Replace(text, "$1").Split([' ', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split(['-', '–'], StringSplitOptions.TrimEntries);
            if (range.Length > 2 || !TryDay(range[0], out var first))
            {
                return false;
            }

            var last = first;
            if (range.Length == 2 && !TryDay(range[1], out last))
            {
                return false;
            }

            // A range may wrap the week end ("Sa-Mo").
            for (var day = first; ; day = (day % 7) + 1)
            {
                days.Add(day);
                if (day == last)
                {
                    break;
                }
            }
        }

        days = [.. days.Distinct()];
        return days.Count > 0;
    }

    private static bool TryDay(string name, out int day) => DayNames.TryGetValue(name.TrimEnd('.'), out day);

    private static int? Minute(string text)
    {
        var parts = text.Split([':', '.']);
        var hour = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minute = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return hour > 24 || minute > 59 || (hour == 24 && minute > 0) ? null : (hour * 60) + minute;
    }

    [GeneratedRegex(@"^(?:(?<days>(?!(?:off|closed|stengt)\b)[\p{L}.]+(?:\s*[-–/ ]\s*(?!(?:off|closed|stengt)\b)[\p{L}.]+)*))?\s*(?:(?<closed>off|closed|stengt)|(?<opens>\d{1,2}[:.]\d{2})\s*[-–]\s*(?<closes>\d{1,2}[:.]\d{2}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Rule();

    [GeneratedRegex(@"\s*([-–])\s*", RegexOptions.CultureInvariant)]
    private static partial Regex DashWithSpaces();
}
