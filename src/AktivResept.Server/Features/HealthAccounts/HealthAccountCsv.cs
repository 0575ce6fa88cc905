using System.Buffers;
using System.Globalization;
using System.Text;
using AktivResept.Domain.HealthAccounts;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// Every table of a health account as one RFC 4180 CSV in long form: <c>table,group,measure,value,suppressed</c>, one
/// row per cell, comma-separated, CRLF, quoted where needed, invariant numbers, text starting like a formula defused
/// with an apostrophe (as the other CSV exports). A cell the report leaves empty — a count hidden by small-cell
/// suppression or a figure from fewer than five persons — has an empty value and <c>suppressed</c> = true; a figure
/// that does not exist for another reason (no QALY gain, so no cost per QALY) is empty with false.
/// </summary>
public static class HealthAccountCsv
{
    public const string Header = "table,group,measure,value,suppressed";

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    public static byte[] ToBytes(HealthAccountView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.Write(Header);
        w.Write("\r\n");
        var r = view.Report;
        void Row(string table, string group, string measure, string? value, bool suppressed = false) =>
            Record(w, table, group, measure, value ?? string.Empty, value is null && suppressed);

        Row("scope", view.Scope.Kind, "key", view.Scope.Key);
        Row("scope", view.Scope.Kind, "name", view.Scope.Name);
        Row("scope", view.Scope.Kind, "from", Day(view.From));
        Row("scope", view.Scope.Kind, "to", Day(view.To));
        Row("scope", view.Scope.Kind, "effect-label", r.EffectLabel);

        var a = r.Assumptions;
        Row("assumptions", "", AccountAssumptions.DiscountRatePercentField, D(a.DiscountRatePercent));
        Row("assumptions", "", AccountAssumptions.MissingField, a.Missing.ToString());
        Row("assumptions", "", AccountAssumptions.MissingAlternativeField, a.MissingAlternative.ToString());
        Row("assumptions", "", AccountAssumptions.ValueSetNameField, a.ValueSetName);
        Row("assumptions", "", AccountAssumptions.SickLeaveWindowDaysField, N(a.SickLeaveWindowDays));
        Row("assumptions", "", AccountAssumptions.SickLeaveDailyCostNokField, D(a.SickLeaveDailyCostNok));

        var stages = r.Funnel.Stages;
        void Funnel(string table, FunnelRow row)
        {
            for (var i = 0; i < stages.Count; i++)
            {
                Row(table, row.Group, stages[i], i < row.Counts.Count ? N(row.Counts[i]) : null, suppressed: true);
            }
        }

        Funnel("funnel", r.Funnel.Total);
        foreach (var row in r.Funnel.Quarters.Rows)
        {
            Funnel($"funnel-{r.Funnel.Quarters.Dimension}", row);
        }

        foreach (var table in r.Funnel.Breakdowns)
        {
            foreach (var row in table.Rows)
            {
                Funnel($"funnel-{table.Dimension}", row);
            }
        }

        foreach (var week in r.AdherenceByWeek)
        {
            Row("adherence-by-week", N(week.Week)!, "participants", N(week.Participants), true);
            Row("adherence-by-week", N(week.Week)!, "share-adherent", F(week.ShareAdherent), true);
        }

        foreach (var change in r.OutcomeChanges)
        {
            var group = $"{change.Instrument}/{change.Timepoint}";
            Row("outcome-change", group, "unit", change.Unit);
            Row("outcome-change", group, "direction", change.Direction.ToString());
            Row("outcome-change", group, "mcid", D(change.Mcid));
            Row("outcome-change", group, "effect-label", change.EffectLabel);
            foreach (var (name, e) in new[] { ("primary", change.Primary), ("alternative", change.Alternative) })
            {
                var prefix = $"{name}:{e.Handling}:";
                Row("outcome-change", group, prefix + "with-baseline", N(e.WithBaseline), true);
                Row("outcome-change", group, prefix + "analysed", N(e.Analysed), true);
                Row("outcome-change", group, prefix + "missing", N(e.Missing), true);
                Interval("outcome-change", group, prefix + "mean-change", e.MeanChange);
                Row("outcome-change", group, prefix + "share-reaching-mcid", F(e.ShareReachingMcid), true);
            }
        }

        foreach (var arm in r.ArmComparisons)
        {
            var group = $"{arm.Instrument}/{arm.Timepoint}/{arm.Arm} vs {arm.ReferenceArm}";
            Row("arm-comparison", group, "arm-analysed", N(arm.ArmAnalysed), true);
            Row("arm-comparison", group, "reference-analysed", N(arm.ReferenceAnalysed), true);
            Interval("arm-comparison", group, "difference", arm.Difference);
        }

        foreach (var payer in r.Costs.ByPayer)
        {
            Row("costs-by-payer", payer.Payer.ToString(), "claims", D(payer.Claims));
            Row("costs-by-payer", payer.Payer.ToString(), "other", D(payer.Other));
            Row("costs-by-payer", payer.Payer.ToString(), "total", D(payer.Total));
        }

        foreach (var other in r.Costs.Other)
        {
            Row("costs-other", $"{other.Payer}/{other.Label}", "amount", D(other.Amount));
        }

        Row("costs", "", "claims-total", D(r.Costs.ClaimsTotal));
        Row("costs", "", "other-total", D(r.Costs.OtherTotal));
        Row("costs", "", "total", D(r.Costs.Total));
        Row("costs", "", "per-participant", D(r.Costs.PerParticipant), true);
        Row("costs", "", "per-completer", D(r.Costs.PerCompleter), true);

        foreach (var qaly in r.Qalys)
        {
            Row("qaly", qaly.Timepoint, "effect-label", qaly.EffectLabel);
            foreach (var (name, e) in new[] { ("primary", qaly.Primary), ("alternative", qaly.Alternative) })
            {
                var prefix = $"{name}:{e.Handling}:";
                Row("qaly", qaly.Timepoint, prefix + "analysed", N(e.Analysed), true);
                Row("qaly", qaly.Timepoint, prefix + "missing", N(e.Missing), true);
                Interval("qaly", qaly.Timepoint, prefix + "mean-gain", e.MeanGain);
                Row("qaly", qaly.Timepoint, prefix + "cost-per-qaly", D(e.CostPerQaly));
                foreach (var t in e.Thresholds)
                {
                    Row("qaly", qaly.Timepoint, $"{prefix}within-severity-{t.SeverityClass}", t.Within is { } within ? B(within) : null);
                }
            }
        }

        var s = r.SickLeave;
        Row("sick-leave", "", "window-days", N(s.WindowDays));
        Row("sick-leave", "", "daily-cost-nok", D(s.DailyCostNok));
        Row("sick-leave", "", "participants", N(s.Participants), true);
        Row("sick-leave", "", "mean-days-before", F(s.MeanDaysBefore), true);
        Row("sick-leave", "", "mean-days-after", F(s.MeanDaysAfter), true);
        Interval("sick-leave", "", "mean-change", s.MeanChange);
        Row("sick-leave", "", "value-per-participant", D(s.ValuePerParticipant), true);

        foreach (var t in r.Thresholds)
        {
            var group = N(t.SeverityClass)!;
            Row("priority-thresholds", group, "min-absolute-shortfall", D(t.MinAbsoluteShortfall));
            Row("priority-thresholds", group, "max-absolute-shortfall", D(t.MaxAbsoluteShortfall));
            Row("priority-thresholds", group, "max-nok-per-qaly", D(t.MaxNokPerQaly));
            Row("priority-thresholds", group, "source", t.Source);
        }

        return new UTF8Encoding(false).GetBytes(w.ToString());

        void Interval(string table, string group, string measure, ConfidenceInterval? ci)
        {
            Row(table, group, measure, F(ci?.Estimate), true);
            Row(table, group, measure + "-lower", F(ci?.Lower), true);
            Row(table, group, measure + "-upper", F(ci?.Upper), true);
        }
    }

    private static void Record(StringWriter writer, string table, string group, string measure, string value, bool suppressed)
    {
        writer.Write(string.Join(',', new[] { table, Text(group), Text(measure), Text(value), suppressed ? "true" : "false" }.Select(Quote)));
        writer.Write("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    /// <summary>A negative number is a number, not a formula; other text starting like one gets an apostrophe.</summary>
    private static string Text(string value) =>
        value.Length > 0 && FormulaStarts.Contains(value[0]) && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) ? $"'{value}" : value;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? N(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? D(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? F(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string B(bool value) => value ? "true" : "false";
}
