using System.Globalization;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Outcomes;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Counts persons at each funnel stage for the total, each quarter of the period and each equity group, in one pass,
/// and registers the cells with their column relations (each table's rows add up to the total) and each row, so every
/// row and column with a hidden cell has at least two.
/// </summary>
internal sealed class FunnelCounter
{
    private static readonly string[] AgeBands = [.. AgeBanding.Labels];
    private static readonly int NoBenefitRow = Enum.GetValues<BenefitKind>().Length;

    private readonly List<string> stages;
    private readonly Dictionary<string, int> followUpStage;
    private readonly int[] total;
    private readonly Table quarters;
    private readonly Table[] breakdowns;
    private readonly AccountPeriod period;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private int[] totalCells = [];

    public FunnelCounter(AccountPeriod period, IReadOnlyCollection<string> timepoints, IReadOnlyList<AccountPerson> persons)
    {
        this.period = period;
        stages = [FunnelStages.Referred, FunnelStages.Accepted, FunnelStages.Started, FunnelStages.AdherentAtWeek12, FunnelStages.Completed];
        followUpStage = new Dictionary<string, int>(StringComparer.Ordinal);
        var followUps = TimepointOrder.Sort(ScheduleDefinition.Programme.Timepoints.Select(t => t.Code).Concat(timepoints))
            .Where(t => t != TimepointOrder.Baseline);
        foreach (var timepoint in followUps)
        {
            followUpStage[timepoint] = stages.Count;
            stages.Add(FunnelStages.FollowedUpPrefix + timepoint);
        }

        total = new int[stages.Count];
        quarters = new Table(FunnelStages.Quarter, QuarterLabels(period), stages.Count);
        var municipalities = persons.Select(p => p.First.Kommunenummer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        breakdowns =
        [
            new Table(FunnelStages.Benefit, [.. Enum.GetNames<BenefitKind>(), FunnelStages.NoBenefit], stages.Count),
            new Table(FunnelStages.AgeBand, AgeBands, stages.Count),
            new Table(FunnelStages.Sex, ["female", "male"], stages.Count),
            new Table(FunnelStages.Municipality, municipalities, stages.Count),
        ];
        breakdowns[3].Index = municipalities.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Stages => stages;

    public void Add(AccountPerson person)
    {
        var first = person.First;
        Span<int> rows =
        [
            first.Benefit is { } benefit ? (int)benefit : NoBenefitRow,
            AgeBand(first.AgeAtReferral),
            first.Sex == PersonSex.Female ? 0 : 1,
            breakdowns[3].Index![first.Kommunenummer],
        ];
        var quarter = QuarterIndex(first.ReferredOn);
        Count(0, true, quarter, rows);
        Count(1, person.Accepted, quarter, rows);
        Count(2, person.Started, quarter, rows);
        Count(3, person.AdherentAtWeek12, quarter, rows);
        Count(4, person.Completed, quarter, rows);
        seen.Clear();
        foreach (var prescription in person.Prescriptions)
        {
            foreach (var measurement in prescription.Measurements)
            {
                if (followUpStage.TryGetValue(measurement.Timepoint, out var stage) && seen.Add(measurement.Timepoint))
                {
                    Count(stage, true, quarter, rows);
                }
            }
        }
    }

    /// <summary>Registers every cell and each column's relation to the total; call once, after the last person.</summary>
    public void Register(CountCells cells)
    {
        totalCells = total.Select(cells.Add).ToArray();

        // Rows have no margin (stages are not additive), yet no row shows exactly one hidden cell either.
        cells.Line(totalCells);
        foreach (var table in breakdowns.Prepend(quarters))
        {
            table.Register(cells, totalCells);
        }
    }

    public int TotalCell(string stage) => totalCells[stages.IndexOf(stage)];

    public AccountFunnel Publish(CountCells cells) => new(
        stages,
        new FunnelRow("total", totalCells.Select(cells.Shown).ToArray()),
        quarters.Publish(cells),
        breakdowns.Select(b => b.Publish(cells)).ToArray());

    private void Count(int stage, bool reached, int quarter, ReadOnlySpan<int> rows)
    {
        if (!reached)
        {
            return;
        }

        total[stage]++;
        quarters.Counts[quarter][stage]++;
        for (var d = 0; d < breakdowns.Length; d++)
        {
            breakdowns[d].Counts[rows[d]][stage]++;
        }
    }

    private static int AgeBand(int age) => AgeBanding.IndexOf(age);

    /// <summary>The quarter of a referral; one outside the period counts in the period's first or last quarter.</summary>
    private int QuarterIndex(DateOnly day)
    {
        var index = QuarterNumber(day) - QuarterNumber(period.From);
        return Math.Clamp(index, 0, quarters.Counts.Length - 1);
    }

    private static int QuarterNumber(DateOnly day) => (day.Year * 4) + ((day.Month - 1) / 3);

    private static List<string> QuarterLabels(AccountPeriod period)
    {
        var labels = new List<string>();
        for (var q = QuarterNumber(period.From); q <= QuarterNumber(period.To); q++)
        {
            labels.Add(string.Create(CultureInfo.InvariantCulture, $"{q / 4}-Q{(q % 4) + 1}"));
        }

        return labels.Count == 0 ? ["period"] : labels;
    }

    private sealed class Table(string dimension, IReadOnlyList<string> groups, int stageCount)
    {
        private int[][] rowCells = [];

        public int[][] Counts { get; } = groups.Select(_ => new int[stageCount]).ToArray();

        public Dictionary<string, int>? Index { get; set; }

        public void Register(CountCells cells, int[] totalCells)
        {
            rowCells = Counts.Select(row => row.Select(cells.Add).ToArray()).ToArray();
            foreach (var row in rowCells)
            {
                cells.Line(row);
            }

            for (var stage = 0; stage < stageCount; stage++)
            {
                cells.Line([.. rowCells.Select(row => row[stage]), totalCells[stage]]);
            }
        }

        public FunnelTable Publish(CountCells cells) => new(
            dimension,
            groups.Select((group, i) => new FunnelRow(group, rowCells[i].Select(cells.Shown).ToArray())).ToArray());
    }
}
