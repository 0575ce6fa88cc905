using System.Text;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Features.Consents;

namespace AktivResept.Server.Features.Research;

/// <summary>
/// One column of an export: name, dictionary text, type, unit, decimals. Its values are not stored: the writers ask
/// <see cref="ResearchColumn{T}"/> for the value of each row while they write, typed (no boxing per cell).
/// </summary>
public abstract record ResearchColumn(string Name, string Description, ResearchValueType Type, string? Unit, int Scale = 0);

/// <summary>A column whose value of row <c>i</c> is <see cref="ValueOf"/>(i): <c>string?</c>, <c>bool?</c>, <c>decimal?</c> or <c>DateOnly?</c>.</summary>
public sealed record ResearchColumn<T>(string Name, string Description, ResearchValueType Type, string? Unit, Func<int, T> ValueOf, int Scale = 0)
    : ResearchColumn(Name, Description, Type, Unit, Scale);

/// <summary>
/// An export as columns: one row per referral of a consenting person, ordered by pseudonym (never by an internal id,
/// whose order would tell when the person was registered). The pseudonym, consent version and consent date are always
/// there; the rest are the variables asked for, in catalogue order. Values come straight from the health account's
/// <see cref="AccountParticipant"/>: no rule of adherence, completion, dropout or cost is repeated here. Each value is
/// computed when a writer asks for it (<see cref="ResearchFiles"/>), so a file is written in one pass over the rows.
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
        IReadOnlyDictionary<Guid, ConsentRecord> consents)
    {
        var wanted = ResearchVariables.All.Where(v => variables.Contains(v.Name)).ToList();

        // One HMAC instance under the project key for every person's pseudonym and date offset.
        var (pseudonyms, offsets) = (new Dictionary<Guid, string>(consents.Count), new Dictionary<Guid, int>(consents.Count));
        using (var mac = new ProjectMac(key))
        {
            foreach (var person in consents.Keys)
            {
                pseudonyms[person] = ResearchKeys.Pseudonym(mac, person);
                offsets[person] = dates.OffsetOf(person, mac);
            }
        }

        var rows = participants.Where(p => consents.ContainsKey(p.PersonKey))
            .OrderBy(p => pseudonyms[p.PersonKey], StringComparer.Ordinal).ThenBy(p => p.ReferredOn).ToArray();
        var outcomeKeys = wanted.Any(v => v.Name == ResearchVariables.Outcomes)
            ? rows.SelectMany(r => r.Measurements).Select(m => (m.Instrument, m.Timepoint)).Distinct().OrderBy(k => k.Instrument, StringComparer.Ordinal).ThenBy(k => k.Timepoint, StringComparer.Ordinal).ToList()
            : [];

        var columns = new List<ResearchColumn>
        {
            new ResearchColumn<string?>(PseudonymColumn, "The person's pseudonym in this project: HMAC-SHA256 under the project's own key; the same person has the same pseudonym in every export of this project and another in every other project.", ResearchValueType.Text, null,
                i => pseudonyms[rows[i].PersonKey]),
            new ResearchColumn<string?>(ConsentVersionColumn, "The version of the information text the person consented to for this project.", ResearchValueType.Text, null,
                i => consents[rows[i].PersonKey].TextVersion),
            new ResearchColumn<DateOnly?>(ConsentDateColumn, "The day (Europe/Oslo) the person gave the consent this export relies on.", ResearchValueType.Date, null,
                i => OsloCalendar.DateOf(consents[rows[i].PersonKey].GivenAt)),
        };

        foreach (var variable in wanted)
        {
            if (variable.Name == ResearchVariables.Outcomes)
            {
                foreach (var (instrument, timepoint) in outcomeKeys)
                {
                    columns.Add(new ResearchColumn<decimal?>($"outcome_{Snake(instrument)}_{Snake(timepoint)}", $"{instrument} at time point {timepoint}: the current score.", ResearchValueType.Decimal, "score",
                        i => LatestScore(rows[i], instrument, timepoint), 4));
                }

                continue;
            }

            if (variable.Name == ResearchVariables.Costs)
            {
                foreach (var payer in Enum.GetValues<CostPayer>())
                {
                    columns.Add(new ResearchColumn<decimal?>($"cost_{Snake(payer.ToString())}", $"Approved claim costs borne by {Snake(payer.ToString()).Replace('_', ' ')}, summed over the referral.", ResearchValueType.Decimal, "NOK",
                        i => CostOf(rows[i], payer), 2));
                }

                continue;
            }

            columns.Add(Single(variable, rows, dates, offsets));
        }

        return new ResearchTable(columns, rows.Length, rows.Select(r => r.PersonKey).Distinct().Count());
    }

    private static ResearchColumn Single(ResearchVariable variable, AccountParticipant[] rows, ResearchDates dates, Dictionary<Guid, int> offsets)
    {
        var description = variable.IsDate ? $"{variable.Description} {DateNote(dates)}" : variable.Description;
        ResearchColumn<T> Column<T>(ResearchValueType type, Func<AccountParticipant, T> value) =>
            new(variable.Name, description, type, variable.Unit, i => value(rows[i]));
        ResearchColumn Date(Func<AccountParticipant, DateOnly?> day) => dates.KeepsDates
            ? Column(ResearchValueType.Date, p => day(p) is { } d ? dates.Shift(d, offsets[p.PersonKey]) : (DateOnly?)null)
            : Column(ResearchValueType.Text, p => day(p) is { } d ? dates.Text(d, offsets[p.PersonKey]) : null);

        return variable.Name switch
        {
            ResearchVariables.AgeBand => Column<string?>(variable.Type, p => AgeBanding.Of(p.AgeAtReferral)),
            ResearchVariables.Sex => Column<string?>(variable.Type, p => p.Sex == PersonSex.Female ? "female" : "male"),
            ResearchVariables.Municipality => Column<string?>(variable.Type, p => p.Kommunenummer),
            ResearchVariables.County => Column<string?>(variable.Type, p => p.Kommunenummer.Length >= 2 ? p.Kommunenummer[..2] : null),
            ResearchVariables.BenefitGroup => Column<string?>(variable.Type, p => p.Benefit?.ToString()),
            ResearchVariables.ReferralDate => Date(p => p.ReferredOn),
            ResearchVariables.StartDate => Date(p => p.StartDate),
            ResearchVariables.CompletionDate => Date(p => p.Completed ? p.EndDate : null),
            ResearchVariables.WeeklyDoseReached => Column<string?>(variable.Type, p => WeeklyDose(p.AdherentByWeek)),
            ResearchVariables.AdherentWeek12 => Column<bool?>(variable.Type, p => p.AdherentAtWeek12),
            ResearchVariables.Completed => Column<bool?>(variable.Type, p => p.Completed),
            ResearchVariables.DroppedOut => Column<bool?>(variable.Type, p => p.DroppedOut),
            _ => Column<string?>(ResearchValueType.Text, _ => null),
        };
    }

    /// <summary>The current score at the time point; of two for one time point, the later one's.</summary>
    private static decimal? LatestScore(AccountParticipant p, string instrument, string timepoint)
    {
        AccountMeasurement? latest = null;
        foreach (var m in p.Measurements)
        {
            if (m.Instrument == instrument && m.Timepoint == timepoint && (latest is null || m.Day > latest.Day))
            {
                latest = m;
            }
        }

        return latest?.Score;
    }

    private static decimal? CostOf(AccountParticipant p, CostPayer payer)
    {
        var sum = 0m;
        foreach (var c in p.Costs)
        {
            sum += c.Payer == payer ? c.Amount : 0m;
        }

        return sum;
    }

    private static string WeeklyDose(IReadOnlyList<bool> weeks) =>
        weeks.Count == 0 ? string.Empty : string.Create((2 * weeks.Count) - 1, weeks, static (span, w) =>
        {
            for (var i = 0; i < w.Count; i++)
            {
                span[2 * i] = w[i] ? '1' : '0';
                if (i > 0)
                {
                    span[(2 * i) - 1] = ' ';
                }
            }
        });

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
