using System.Text;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Features.Consents;

namespace AktivResept.Server.Features.Research;

/// <summary>One column of an export: name, dictionary text, type, unit, decimals, and its values (one per row).</summary>
public sealed record ResearchColumn(string Name, string Description, ResearchValueType Type, string? Unit, int Scale = 0)
{
    public List<object?> Values { get; } = [];
}

/// <summary>
/// An export as columns: one row per referral of a consenting person, ordered by pseudonym (never by an internal id,
/// whose order would tell when the person was registered). The pseudonym, consent version and consent date are always
/// there; the rest are the variables asked for, in catalogue order. Values come straight from the health account's
/// <see cref="AccountParticipant"/>: no rule of adherence, completion or cost is repeated here.
/// </summary>
public sealed class ResearchTable
{
    public const string PseudonymColumn = "pseudonym";
    public const string ConsentVersionColumn = "consent_version";
    public const string ConsentDateColumn = "consent_date";

    private ResearchTable(List<ResearchColumn> columns, int rows, int persons) => (Columns, Rows, Persons) = (columns, rows, persons);

    public IReadOnlyList<ResearchColumn> Columns { get; }

    public int Rows { get; }

    public int Persons { get; }

    public static ResearchTable Build(
        IReadOnlyCollection<string> variables, ResearchDates dates, byte[] key, IReadOnlyList<AccountParticipant> participants,
        IReadOnlyDictionary<Guid, ConsentRecord> consents, DateOnly today)
    {
        var wanted = ResearchVariables.All.Where(v => variables.Contains(v.Name)).ToList();
        var pseudonyms = consents.Keys.ToDictionary(p => p, p => ResearchKeys.Pseudonym(key, p));
        var rows = participants.Where(p => consents.ContainsKey(p.PersonKey))
            .OrderBy(p => pseudonyms[p.PersonKey], StringComparer.Ordinal).ThenBy(p => p.ReferredOn).ToList();
        var outcomeKeys = wanted.Any(v => v.Name == ResearchVariables.Outcomes)
            ? rows.SelectMany(r => r.Measurements).Select(m => (m.Instrument, m.Timepoint)).Distinct().OrderBy(k => k.Instrument, StringComparer.Ordinal).ThenBy(k => k.Timepoint, StringComparer.Ordinal).ToList()
            : [];

        var columns = new List<ResearchColumn>
        {
            new(PseudonymColumn, "The person's pseudonym in this project: HMAC-SHA256 under the project's own key; the same person has the same pseudonym in every export of this project and another in every other project.", ResearchValueType.Text, null),
            new(ConsentVersionColumn, "The version of the information text the person consented to for this project.", ResearchValueType.Text, null),
            new(ConsentDateColumn, "The day (Europe/Oslo) the person gave the consent this export relies on.", ResearchValueType.Date, null),
        };
        var offsets = new Dictionary<Guid, int>();
        foreach (var row in rows)
        {
            var consent = consents[row.PersonKey];
            columns[0].Values.Add(pseudonyms[row.PersonKey]);
            columns[1].Values.Add(consent.TextVersion);
            columns[2].Values.Add(OsloCalendar.DateOf(consent.GivenAt));
        }

        foreach (var variable in wanted)
        {
            if (variable.Name == ResearchVariables.Outcomes)
            {
                foreach (var (instrument, timepoint) in outcomeKeys)
                {
                    var column = new ResearchColumn($"outcome_{Snake(instrument)}_{Snake(timepoint)}", $"{instrument} at time point {timepoint}: the current score.", ResearchValueType.Decimal, "score", 4);
                    column.Values.AddRange(rows.Select(r => (object?)r.Measurements.Where(m => m.Instrument == instrument && m.Timepoint == timepoint)
                        .OrderByDescending(m => m.Day).Select(m => (decimal?)m.Score).FirstOrDefault()));
                    columns.Add(column);
                }

                continue;
            }

            if (variable.Name == ResearchVariables.Costs)
            {
                foreach (var payer in Enum.GetValues<CostPayer>())
                {
                    var column = new ResearchColumn($"cost_{Snake(payer.ToString())}", $"Approved claim costs borne by {Snake(payer.ToString()).Replace('_', ' ')}, summed over the referral.", ResearchValueType.Decimal, "NOK", 2);
                    column.Values.AddRange(rows.Select(r => (object?)r.Costs.Where(c => c.Payer == payer).Sum(c => c.Amount)));
                    columns.Add(column);
                }

                continue;
            }

            var type = variable.IsDate && !dates.KeepsDates ? ResearchValueType.Text : variable.Type;
            var dateNote = variable.IsDate ? $" {DateNote(dates)}" : string.Empty;
            var single = new ResearchColumn(variable.Name, variable.Description + dateNote, type, variable.Unit);
            foreach (var row in rows)
            {
                single.Values.Add(Value(variable.Name, row, dates, OffsetOf(offsets, dates, row.PersonKey), today));
            }

            columns.Add(single);
        }

        return new ResearchTable(columns, rows.Count, rows.Select(r => r.PersonKey).Distinct().Count());
    }

    private static int OffsetOf(Dictionary<Guid, int> offsets, ResearchDates dates, Guid person) =>
        offsets.TryGetValue(person, out var offset) ? offset : offsets[person] = dates.OffsetOf(person);

    private static object? Value(string name, AccountParticipant p, ResearchDates dates, int offset, DateOnly today) => name switch
    {
        ResearchVariables.AgeBand => AgeBanding.Of(p.AgeAtReferral),
        ResearchVariables.Sex => p.Sex == PersonSex.Female ? "female" : "male",
        ResearchVariables.Municipality => p.Kommunenummer,
        ResearchVariables.County => p.Kommunenummer.Length >= 2 ? p.Kommunenummer[..2] : null,
        ResearchVariables.BenefitGroup => p.Benefit?.ToString(),
        ResearchVariables.ReferralDate => DateValue(p.ReferredOn, dates, offset),
        ResearchVariables.StartDate => DateValue(p.StartDate, dates, offset),
        ResearchVariables.CompletionDate => p.Completed ? DateValue(p.EndDate, dates, offset) : null,
        ResearchVariables.WeeklyDoseReached => string.Join(' ', p.AdherentByWeek.Select(w => w ? '1' : '0')),
        ResearchVariables.AdherentWeek12 => p.AdherentAtWeek12,
        ResearchVariables.Completed => p.Completed,
        ResearchVariables.DroppedOut => p.Started && !p.Completed && p.EndDate < today,
        _ => null,
    };

    private static object DateValue(DateOnly day, ResearchDates dates, int offset) =>
        dates.KeepsDates ? dates.Shift(day, offset) : dates.Text(day, offset);

    private static string DateNote(ResearchDates dates) => dates.Handling switch
    {
        DateHandling.Shifted => $"Shifted by a per-person offset of at most ±{dates.ShiftDays} days (the same for all of one person's dates).",
        DateHandling.IsoWeek => "Coarsened to the ISO week (yyyy-Www).",
        DateHandling.Month => "Coarsened to the month (yyyy-MM).",
        _ => "Exact.",
    };

    /// <summary>A column-name part: lower-case letters and digits, words joined by underscores (PrivateCoFinancing → private_co_financing).</summary>
    public static string Snake(string text)
    {
        var result = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (char.IsUpper(c) && result.Length > 0 && result[^1] != '_')
            {
                result.Append('_');
            }

            result.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return result.ToString().Trim('_');
    }
}
