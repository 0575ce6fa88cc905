using System.Globalization;
using AktivResept.Domain.HealthAccounts;

namespace AktivResept.Server.Features.HealthAccounts.Pdf;

/// <summary>
/// The health account as a PDF with the same content as its web page: the before–after label, every assumption, the
/// funnel (chart and tables), adherence over weeks, outcome change with 95 % whiskers and the MCID, costs stacked by
/// payer, QALYs against the priority thresholds, and sick leave. Suppressed counts read «skjult», estimates from too
/// few persons «&lt;5», exactly as on the page (<see cref="HealthAccountText"/>).
/// </summary>
public static class HealthAccountPdf
{
    /// <summary>The PDF in the given culture (the web download passes the page's; the API, with none, Norwegian Bokmål).</summary>
    public static byte[] Render(HealthAccountReport report, string scopeName, HealthAccountText text, CultureInfo culture)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            return RenderInCurrentCulture(report, scopeName, text);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    private static byte[] RenderInCurrentCulture(HealthAccountReport report, string scopeName, HealthAccountText text)
    {
        var t = text.T;
        using var pdf = new PdfReportWriter(t["HealthAccount.PdfTitle", scopeName]);
        pdf.Title(t["HealthAccount.PdfTitle", scopeName]);
        pdf.Paragraph(t["HealthAccount.PeriodLine", text.Period(report.Period)]);
        pdf.Paragraph(text.EffectLabel(report.EffectLabel), strong: true);
        pdf.Note(t["HealthAccount.SuppressionNote"]);

        pdf.Heading(t["HealthAccount.AssumptionsTitle"]);
        pdf.Table([t["HealthAccount.Assumption"], t["HealthAccount.Value"]], text.Assumptions(report.Assumptions).Select(a => (IReadOnlyList<string>)[a.Name, a.Value]));

        Funnel(pdf, report.Funnel, text);
        Adherence(pdf, report.AdherenceByWeek, text);
        Outcomes(pdf, report, text);
        Costs(pdf, report.Costs, text);
        Qalys(pdf, report, text);
        SickLeave(pdf, report.SickLeave, text);
        return pdf.ToBytes();
    }

    private static void Funnel(PdfReportWriter pdf, AccountFunnel funnel, HealthAccountText text)
    {
        var t = text.T;
        pdf.Heading(t["HealthAccount.FunnelTitle"]);
        pdf.HorizontalBars(funnel.Stages.Select((s, i) => (text.Stage(s), (double?)funnel.Total.Counts[i], text.Count(funnel.Total.Counts[i]))).ToList());
        foreach (var table in new[] { funnel.Quarters }.Concat(funnel.Breakdowns).Where(b => b.Rows.Count > 0))
        {
            pdf.Paragraph(text.FunnelBy(table.Dimension), strong: true);
            var numeric = Enumerable.Range(1, funnel.Stages.Count).ToHashSet();
            pdf.Table(
                [text.Dimension(table.Dimension), .. funnel.Stages.Select(text.Stage)],
                table.Rows.Select(r => (IReadOnlyList<string>)[text.Group(table.Dimension, r.Group), .. r.Counts.Select(text.Count)]),
                numeric);
        }
    }

    private static void Adherence(PdfReportWriter pdf, IReadOnlyList<WeeklyAdherence> weeks, HealthAccountText text)
    {
        var t = text.T;
        pdf.Heading(t["HealthAccount.AdherenceTitle"]);
        if (weeks.Count == 0)
        {
            pdf.Paragraph(t["HealthAccount.NoData"]);
            return;
        }

        pdf.Columns(weeks.Select(w => (w.Week.ToString(CultureInfo.CurrentCulture), w.ShareAdherent)).ToList(), t["HealthAccount.AdherenceAxis"]);
        pdf.Table(
            [t["HealthAccount.Week"], t["HealthAccount.Participants"], t["HealthAccount.ShareAdherent"]],
            weeks.Select(w => (IReadOnlyList<string>)[w.Week.ToString(CultureInfo.CurrentCulture), text.Count(w.Participants), text.Share(w.ShareAdherent, w.Participants)]),
            new HashSet<int> { 1, 2 });
    }

    private static void Outcomes(PdfReportWriter pdf, HealthAccountReport report, HealthAccountText text)
    {
        var t = text.T;
        pdf.Heading(t["HealthAccount.OutcomeTitle"]);
        pdf.Paragraph(text.EffectLabel(report.EffectLabel), strong: true);
        if (report.OutcomeChanges.Count == 0)
        {
            pdf.Paragraph(t["HealthAccount.NoData"]);
            return;
        }

        foreach (var instrument in report.OutcomeChanges.GroupBy(c => c.Instrument))
        {
            var first = instrument.First();
            pdf.Paragraph($"{text.Instrument(instrument.Key)} ({HealthAccountText.Unit(first.Unit)})", strong: true);
            pdf.Whiskers(instrument.Select(c => (text.Timepoint(c.Timepoint), c.Primary.MeanChange?.Estimate, c.Primary.MeanChange?.Lower, c.Primary.MeanChange?.Upper, Mcid(c))).ToList());
            if (first.Mcid is { } mcid)
            {
                pdf.Note(t["HealthAccount.McidLegend", mcid.ToString("0.##", CultureInfo.CurrentCulture), HealthAccountText.Unit(first.Unit)]);
            }
        }

        pdf.Table(
            [t["HealthAccount.Instrument"], t["HealthAccount.Timepoint"], t["HealthAccount.Handling"], t["HealthAccount.Analysed"], t["HealthAccount.Missing"], t["HealthAccount.MeanChange"], t["HealthAccount.ReachingMcid"]],
            report.OutcomeChanges.SelectMany(c => new[] { c.Primary, c.Alternative }.Select(e => (IReadOnlyList<string>)
                [text.Instrument(c.Instrument), text.Timepoint(c.Timepoint), text.Handling(e.Handling), text.Count(e.Analysed), text.Count(e.Missing), text.Interval(e.MeanChange, e.Analysed), text.Share(e.ShareReachingMcid, e.Analysed)])),
            new HashSet<int> { 3, 4, 5, 6 });

        if (report.ArmComparisons.Count > 0)
        {
            pdf.Paragraph(text.EffectLabel(EffectLabels.ArmComparison), strong: true);
            pdf.Table(
                [t["HealthAccount.Instrument"], t["HealthAccount.Timepoint"], t["HealthAccount.Arm"], t["HealthAccount.ReferenceArm"], t["HealthAccount.Difference"]],
                report.ArmComparisons.Select(a => (IReadOnlyList<string>)
                    [text.Instrument(a.Instrument), text.Timepoint(a.Timepoint), $"{a.Arm} ({text.Count(a.ArmAnalysed)})", $"{a.ReferenceArm} ({text.Count(a.ReferenceAnalysed)})", text.Interval(a.Difference, Math.Min(a.ArmAnalysed ?? 0, a.ReferenceAnalysed ?? 0))]),
                new HashSet<int> { 4 });
        }
    }

    private static double? Mcid(CohortOutcomeChange c) => c.Mcid is { } m
        ? c.Direction switch
        {
            Domain.Outcomes.ChangeDirection.HigherIsBetter => (double)m,
            Domain.Outcomes.ChangeDirection.LowerIsBetter => -(double)m,
            _ => null,
        }
        : null;

    private static void Costs(PdfReportWriter pdf, CostAccount costs, HealthAccountText text)
    {
        var t = text.T;
        pdf.Heading(t["HealthAccount.CostsTitle"]);
        var payers = costs.ByPayer.Select(p => p.Payer).ToList();
        pdf.StackedBars(
            payers.Select(text.Payer).ToList(),
            [
                (t["HealthAccount.Claims"], costs.ByPayer.Select(p => (double)p.Claims).ToList(), text.Money(costs.ClaimsTotal)),
                (t["HealthAccount.OtherCosts"], costs.ByPayer.Select(p => (double)p.Other).ToList(), text.Money(costs.OtherTotal)),
                (t["HealthAccount.Total"], costs.ByPayer.Select(p => (double)p.Total).ToList(), text.Money(costs.Total)),
            ]);
        pdf.Table(
            [t["HealthAccount.Payer"], t["HealthAccount.Claims"], t["HealthAccount.OtherCosts"], t["HealthAccount.Total"]],
            costs.ByPayer.Select(p => (IReadOnlyList<string>)[text.Payer(p.Payer), text.Money(p.Claims), text.Money(p.Other), text.Money(p.Total)])
                .Append([t["HealthAccount.Total"], text.Money(costs.ClaimsTotal), text.Money(costs.OtherTotal), text.Money(costs.Total)]),
            new HashSet<int> { 1, 2, 3 });
        if (costs.Other.Count > 0)
        {
            pdf.Table(
                [t["HealthAccount.OtherCostLabel"], t["HealthAccount.Payer"], t["HealthAccount.Amount"]],
                costs.Other.Select(o => (IReadOnlyList<string>)[o.Label, text.Payer(o.Payer), text.Money(o.Amount)]),
                new HashSet<int> { 2 });
        }

        pdf.Paragraph(t["HealthAccount.PerParticipantLine", text.Money(costs.PerParticipant)]);
        pdf.Paragraph(t["HealthAccount.PerCompleterLine", text.Money(costs.PerCompleter)]);
    }

    private static void Qalys(PdfReportWriter pdf, HealthAccountReport report, HealthAccountText text)
    {
        var t = text.T;
        pdf.Heading(t["HealthAccount.QalyTitle"]);
        if (report.Qalys.Count == 0)
        {
            pdf.Paragraph(t["HealthAccount.NoData"]);
        }
        else
        {
            pdf.Table(
                [t["HealthAccount.Timepoint"], t["HealthAccount.Handling"], t["HealthAccount.Analysed"], t["HealthAccount.Missing"], t["HealthAccount.QalyGain"], t["HealthAccount.CostPerQaly"]],
                report.Qalys.SelectMany(q => new[] { q.Primary, q.Alternative }.Select(e => (IReadOnlyList<string>)
                    [text.Timepoint(q.Timepoint), text.Handling(e.Handling), text.Count(e.Analysed), text.Count(e.Missing), text.Interval(e.MeanGain, e.Analysed, "0.000"), text.Money(e.CostPerQaly, e.Analysed)])),
                new HashSet<int> { 2, 3, 4, 5 });
        }

        pdf.Paragraph(t["HealthAccount.ThresholdsTitle"], strong: true);
        pdf.Table(
            [t["HealthAccount.SeverityClass"], t["HealthAccount.Shortfall"], t["HealthAccount.MaxPerQaly"]],
            report.Thresholds.Select(th => (IReadOnlyList<string>)
                [th.SeverityClass.ToString(CultureInfo.CurrentCulture), HealthAccountText.Shortfall(th), text.Money(th.MaxNokPerQaly)]),
            new HashSet<int> { 2 });
        if (report.Thresholds.Count > 0)
        {
            pdf.Note(t["HealthAccount.Source", report.Thresholds[0].Source]);
        }
    }

    private static void SickLeave(PdfReportWriter pdf, SickLeaveAccount sick, HealthAccountText text)
    {
        var t = text.T;
        pdf.Heading(t["HealthAccount.SickLeaveTitle"]);
        pdf.Paragraph(t["HealthAccount.SickLeaveText", sick.WindowDays, text.Money(sick.DailyCostNok)]);
        pdf.Table(
            [t["HealthAccount.Participants"], t["HealthAccount.DaysBefore"], t["HealthAccount.DaysAfter"], t["HealthAccount.MeanChange"], t["HealthAccount.ValuePerParticipant"]],
            [[text.Count(sick.Participants), text.Estimate(sick.MeanDaysBefore, sick.Participants, "0.0"), text.Estimate(sick.MeanDaysAfter, sick.Participants, "0.0"), text.Interval(sick.MeanChange, sick.Participants, "0.0"), text.Money(sick.ValuePerParticipant, sick.Participants)]],
            new HashSet<int> { 0, 1, 2, 3, 4 });
    }
}
