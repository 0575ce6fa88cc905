using System.Globalization;
using System.Text.RegularExpressions;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Components.Shared;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Contracts;

/// <summary>
/// The "edit draft version" form as typed, kept as text so a rejected form comes back exactly as it was sent. Rows
/// (capacity, availability, KPIs) are numbered from 0 and their field names are the handler's error keys
/// (e.g. "kpis[2].threshold"), so a message lands next to the right input. Rows are added and removed with plain form
/// posts (the <see cref="Command"/> button), no script needed.
/// </summary>
public sealed partial class ContractDraftForm
{
    public const string ValidFrom = "validFrom";
    public const string ValidTo = "validTo";
    public const string CoFinancingShare = "coFinancingShare";
    public const string ContentActivities = "content.activityTypes";
    public const string ContentCompetence = "content.trainerCompetence";

    /// <summary>The button that was pressed: save, refresh, add-kpi, remove-kpi:2, add-capacity, ...</summary>
    public const string Command = "command";

    public const int MaxRows = 30;

    private static readonly string[] CapacityNames = ["locationId", "activityType", "placesPerWeek"];
    private static readonly string[] AvailabilityNames = ["locationId", "isoDays", "opens", "closes", "features"];
    private static readonly string[] KpiNames = ["threshold", "direction", "period", "minimumParticipants", "category"];

    public string? this[string field] => Values.GetValueOrDefault(field);

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Activities { get; set; } = [];

    public List<CapacityRow> Capacity { get; } = [];

    public List<AvailabilityRow> Availability { get; } = [];

    public List<KpiRow> Kpis { get; } = [];

    public static string CapacityField(int row, string name) => $"capacity[{row}].{name}";

    public static string AvailabilityField(int row, string name) => $"availability[{row}].{name}";

    public static string KpiField(int row, string name) => $"kpis[{row}].{name}";

    public static string KpiParameterField(int row, string parameter) => KpiField(row, $"parameters.{parameter}");

    /// <summary>Reads what was posted; rows come back in order, however many the page had.</summary>
    public static ContractDraftForm Read(FormValues posted)
    {
        var form = new ContractDraftForm();
        foreach (var field in new[] { ValidFrom, ValidTo, CoFinancingShare, ContentCompetence })
        {
            form.Values[field] = posted.Text(field);
        }

        form.Activities = posted.All(ContentActivities);
        for (var i = 0; i < Count(posted, "capacity"); i++)
        {
            form.Capacity.Add(new CapacityRow(posted.Text(CapacityField(i, "locationId")), posted.Text(CapacityField(i, "activityType")), posted.Text(CapacityField(i, "placesPerWeek"))));
        }

        for (var i = 0; i < Count(posted, "availability"); i++)
        {
            form.Availability.Add(new AvailabilityRow(
                posted.Text(AvailabilityField(i, "locationId")), posted.All(AvailabilityField(i, "isoDays")), posted.Text(AvailabilityField(i, "opens")),
                posted.Text(AvailabilityField(i, "closes")), posted.All(AvailabilityField(i, "features"))));
        }

        for (var i = 0; i < Count(posted, "kpis"); i++)
        {
            var metric = posted.Text(KpiField(i, "metric"));
            var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (metric is not null && Domain.Kpis.KpiCatalogue.TryFind(metric, out var definition))
            {
                foreach (var parameter in definition.Parameters)
                {
                    parameters[parameter.Name] = posted.Text(KpiParameterField(i, parameter.Name));
                }
            }

            form.Kpis.Add(new KpiRow(
                metric, parameters, posted.Text(KpiField(i, "threshold")), posted.Text(KpiField(i, "direction")), posted.Text(KpiField(i, "period")),
                posted.Text(KpiField(i, "minimumParticipants")), posted.Text(KpiField(i, "category"))));
        }

        return form;
    }

    /// <summary>
    /// Applies an add/remove button to the rows. True when the post was such a command (or a refresh), so the page
    /// shows the changed form without saving anything.
    /// </summary>
    public bool ApplyCommand(string? command)
    {
        switch (command)
        {
            case null or "save":
                return false;
            case "add-capacity" when Capacity.Count < MaxRows:
                Capacity.Add(new CapacityRow(null, null, null));
                return true;
            case "add-availability" when Availability.Count < MaxRows:
                Availability.Add(new AvailabilityRow(null, [], null, null, []));
                return true;
            case "add-kpi" when Kpis.Count < MaxRows:
                Kpis.Add(KpiRow.Empty);
                return true;
        }

        if (command.Split(':') is [var what, var number] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var row))
        {
            switch (what)
            {
                case "remove-capacity" when row < Capacity.Count:
                    Capacity.RemoveAt(row);
                    break;
                case "remove-availability" when row < Availability.Count:
                    Availability.RemoveAt(row);
                    break;
                case "remove-kpi" when row < Kpis.Count:
                    Kpis.RemoveAt(row);
                    break;
            }
        }

        return true;
    }

    /// <summary>A decimal typed with a comma or a point ("0,75" or "0.75"); null when empty; invalid when not a number.</summary>
    public static decimal? Decimal(string? text, out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Trim().Replace(',', '.').Replace(" ", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        invalid = true;
        return null;
    }

    /// <summary>A whole number; null when empty; invalid when not one.</summary>
    public static int? Int(string? text, out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        invalid = true;
        return null;
    }

    /// <summary>A time of day as hh:mm; null when empty; invalid when not one.</summary>
    public static TimeOnly? Time(string? text, out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm", "HH:mm:ss", "HH.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        invalid = true;
        return null;
    }

    /// <summary>The visible label of a field key, row included: "kpis[2].threshold" reads "KPI 3, Krav".</summary>
    public static string Label(IStringLocalizer<UiText> t, string field)
    {
        if (RowField().Match(field) is { Success: true } match)
        {
            var row = int.Parse(match.Groups["row"].Value, CultureInfo.InvariantCulture) + 1;
            var (rowLabel, name) = (match.Groups["kind"].Value, match.Groups["name"].Value);
            var rowText = rowLabel switch
            {
                "kpis" => t["ContractForm.KpiRow", row],
                "capacity" => t["ContractForm.CapacityRow", row],
                _ => t["ContractForm.AvailabilityRow", row],
            };
            var nameText = name switch
            {
                "" => null,
                _ when name.StartsWith("parameters.", StringComparison.Ordinal) => KpiText.ParameterName(t, name["parameters.".Length..]),
                "locationId" => t["Field.location"],
                "activityType" or "placesPerWeek" or "isoDays" or "opens" or "closes" or "features" => t[$"Field.{name}"],
                _ => t[$"Field.kpi.{name}"] is { ResourceNotFound: false } text ? text.Value : name,
            };
            return nameText is null ? rowText : $"{rowText}, {nameText}";
        }

        return field switch
        {
            ValidFrom or ValidTo or CoFinancingShare => t[$"Field.contract.{field}"],
            ContentActivities => t["Field.activityTypes"],
            ContentCompetence => t["Field.trainerCompetence"],
            "kpis" => t["ContractForm.Kpis"],
            "capacity" => t["ContractForm.Capacity"],
            "availability" => t["ContractForm.Availability"],
            _ => field,
        };
    }

    /// <summary>Every field key of the form in page order, for the error summary's order and labels.</summary>
    public IReadOnlyList<string> FieldOrder()
    {
        var fields = new List<string> { ValidFrom, ValidTo, CoFinancingShare, "capacity" };
        for (var i = 0; i < Capacity.Count; i++)
        {
            var row = i;
            fields.Add($"capacity[{row}]");
            fields.AddRange(CapacityNames.Select(n => CapacityField(row, n)));
        }

        fields.Add("availability");
        for (var i = 0; i < Availability.Count; i++)
        {
            var row = i;
            fields.Add($"availability[{row}]");
            fields.AddRange(AvailabilityNames.Select(n => AvailabilityField(row, n)));
        }

        fields.AddRange([ContentActivities, ContentCompetence, "kpis"]);
        for (var i = 0; i < Kpis.Count; i++)
        {
            var row = i;
            fields.Add(KpiField(row, "metric"));
            if (Kpis[row].Metric is { } code && Domain.Kpis.KpiCatalogue.TryFind(code, out var definition))
            {
                fields.AddRange(definition.Parameters.Select(p => KpiParameterField(row, p.Name)));
            }

            fields.AddRange(KpiNames.Select(n => KpiField(row, n)));
        }

        return fields;
    }

    /// <summary>How many rows of a kind the page posted (a hidden "kind.count" field), bounded.</summary>
    private static int Count(FormValues posted, string kind) =>
        Math.Clamp(posted.Int($"{kind}.count", out _) ?? 0, 0, MaxRows);

    [GeneratedRegex(@"^(?<kind>kpis|capacity|availability)\[(?<row>\d+)\]\.?(?<name>.*)$")]
    private static partial Regex RowField();
}

public sealed record CapacityRow(string? LocationId, string? ActivityType, string? PlacesPerWeek);

public sealed record AvailabilityRow(string? LocationId, IReadOnlyList<string> IsoDays, string? Opens, string? Closes, IReadOnlyList<string> Features);

public sealed record KpiRow(
    string? Metric, IReadOnlyDictionary<string, string?> Parameters, string? Threshold, string? Direction, string? Period, string? MinimumParticipants, string? Category)
{
    public static KpiRow Empty => new(null, new Dictionary<string, string?>(), null, null, "Quarter", "5", null);
}
