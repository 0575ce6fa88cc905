using AktivResept.Server.Features.Contracts.Results;

namespace AktivResept.Server.Components.Contracts;

/// <summary>From the results handler's views to what the dashboard components draw.</summary>
public static class ResultsMapping
{
    public static KpiSeriesDisplay Series(KpiSeries series)
    {
        var (metric, parameters) = KpiText.ParseKey(series.Key);
        return new KpiSeriesDisplay(
            $"{series.Key}|{series.Period}",
            string.IsNullOrEmpty(series.Metric) ? metric : series.Metric,
            parameters,
            series.Category,
            [.. series.Figures.Select(Figure)]);
    }

    public static KpiFigureDisplay Figure(KpiFigureView f) =>
        new(f.EvaluationId, f.Period, f.From, f.To, f.Value, f.Threshold, f.Direction, f.Verdict, f.IsFinal, f.Revision, f.Participants, f.MinimumParticipants);

    /// <summary>The latest period's verdict of each KPI, counted: the contracts list's summary.</summary>
    public static (int Met, int NotMet, int TooFew) Count(KpiDashboard dashboard)
    {
        var latest = dashboard.Kpis.Where(s => s.Figures.Count > 0).Select(s => s.Figures[^1].Verdict).ToList();
        return (latest.Count(v => v == Domain.Kpis.KpiVerdict.Met), latest.Count(v => v == Domain.Kpis.KpiVerdict.NotMet), latest.Count(v => v == Domain.Kpis.KpiVerdict.TooFew));
    }
}
