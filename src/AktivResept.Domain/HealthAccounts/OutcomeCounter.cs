using AktivResept.Domain.Outcomes;
using AktivResept.Domain.Statistics;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Change from baseline of every instrument at every timepoint, under each missing-data handling, per arm, and the
/// EQ-5D-5L QALY areas, in one pass over the persons' episodes. The plan (instruments, their timepoints in schedule
/// order, the arms) comes from a first pass over the same list.
/// </summary>
internal sealed class OutcomeCounter
{
    private static readonly MissingDataHandling[] Handlings = Enum.GetValues<MissingDataHandling>();
    private static readonly string[] ControlArmNames = ["control", "kontroll", "usual-care"];

    private readonly List<InstrumentPlan> instruments = [];
    private readonly Dictionary<string, int> fallbackOffsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> armIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Instrument, string Timepoint), AccountMeasurement> current = [];
    private readonly double discountRate;

    public OutcomeCounter(IReadOnlyList<AccountPerson> persons, AccountAssumptions assumptions)
    {
        discountRate = (double)assumptions.DiscountRatePercent / 100;
        var timepoints = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var offsets = new Dictionary<string, (long Sum, int Count)>(StringComparer.Ordinal);
        var arms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var person in persons)
        {
            var episode = person.Episode;
            if (episode.Arm is { } arm)
            {
                arms.Add(arm);
            }

            foreach (var m in episode.Measurements)
            {
                if (m.Timepoint == TimepointOrder.Baseline)
                {
                    continue;
                }

                if (!timepoints.TryGetValue(m.Instrument, out var set))
                {
                    timepoints[m.Instrument] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(m.Timepoint);
                var (sum, count) = offsets.GetValueOrDefault(m.Timepoint);
                offsets[m.Timepoint] = (sum + (m.Day.DayNumber - episode.StartDate.DayNumber), count + 1);
            }
        }

        foreach (var (code, (sum, count)) in offsets)
        {
            fallbackOffsets[code] = (int)Math.Round((double)sum / count);
        }

        Arms = arms.ToList();
        ReferenceArm = Arms.FirstOrDefault(a => ControlArmNames.Contains(a, StringComparer.OrdinalIgnoreCase)) ?? (Arms.Count > 0 ? Arms[0] : null);
        for (var i = 0; i < Arms.Count; i++)
        {
            armIndex[Arms[i]] = i;
        }

        foreach (var instrument in InstrumentCatalogue.All)
        {
            if (instrument.Code != InstrumentCatalogue.WorkStatus && timepoints.TryGetValue(instrument.Code, out var set))
            {
                instruments.Add(new InstrumentPlan(instrument, TimepointOrder.Sort(set), Arms.Count));
            }
        }
    }

    public IReadOnlyList<string> Arms { get; }

    public string? ReferenceArm { get; }

    public bool ComparesArms => Arms.Count >= 2;

    public IReadOnlyCollection<string> Timepoints => fallbackOffsets.Keys;

    public void Add(AccountPerson person, MissingDataHandling primary)
    {
        var episode = person.Episode;
        current.Clear();
        foreach (var m in episode.Measurements)
        {
            if (!current.TryGetValue((m.Instrument, m.Timepoint), out var seen) || m.Day >= seen.Day)
            {
                current[(m.Instrument, m.Timepoint)] = m;
            }
        }

        var arm = episode.Arm is { } a ? armIndex[a] : -1;
        foreach (var plan in instruments)
        {
            if (current.TryGetValue((plan.Instrument.Code, TimepointOrder.Baseline), out var baseline))
            {
                AddChanges(plan, episode, baseline, primary, arm);
            }
        }
    }

    private void AddChanges(InstrumentPlan plan, AccountParticipant episode, AccountMeasurement baseline, MissingDataHandling primary, int arm)
    {
        var b = (double)baseline.Score;
        var last = b;
        var isQaly = plan.Instrument.Code == InstrumentCatalogue.Eq5d5l;
        Span<double> previousYears = stackalloc double[Handlings.Length];
        Span<double> previousGain = stackalloc double[Handlings.Length];
        Span<double> area = stackalloc double[Handlings.Length];
        for (var k = 0; k < plan.Timepoints.Count; k++)
        {
            var cell = plan.Cells[k];
            cell.WithBaseline++;
            var present = current.TryGetValue((plan.Instrument.Code, plan.Timepoints[k]), out var measurement);
            if (present)
            {
                cell.Complete++;
            }

            var day = present ? measurement!.Day : TimepointOrder.NominalDay(plan.Timepoints[k], episode, fallbackOffsets.GetValueOrDefault(plan.Timepoints[k]));
            var years = (day.DayNumber - baseline.Day.DayNumber) / 365.25;
            foreach (var h in Handlings)
            {
                double value;
                if (present)
                {
                    value = (double)measurement!.Score;
                }
                else if (h == MissingDataHandling.CompleteCases)
                {
                    continue;
                }
                else
                {
                    value = h == MissingDataHandling.LastObservationCarriedForward ? last : b;
                }

                var change = value - b;
                var i = (int)h;
                cell.Change[i].Add(change);
                if (plan.ReachesMcid(change))
                {
                    cell.Reach[i]++;
                }

                if (h == primary)
                {
                    if (arm >= 0)
                    {
                        cell.ByArm[arm].Add(change);
                    }
                    else
                    {
                        cell.WithoutArm++;
                    }
                }

                if (isQaly)
                {
                    // Trapezoid of the discounted change from baseline between consecutive points (baseline: 0 at year 0).
                    var gain = change * Math.Pow(1 + discountRate, -years);
                    area[i] += Math.Max(0, years - previousYears[i]) * (previousGain[i] + gain) / 2;
                    previousYears[i] = years;
                    previousGain[i] = gain;
                    cell.Qaly[i].Add(area[i]);
                }
            }

            if (present)
            {
                last = (double)measurement!.Score;
            }
        }
    }

    public IEnumerable<(InstrumentPlan Plan, string Timepoint, ChangeCell Cell)> Cells() =>
        instruments.SelectMany(plan => plan.Timepoints.Select((t, k) => (plan, t, plan.Cells[k])));

    public (InstrumentPlan Plan, string Timepoint, ChangeCell Cell)[] QalyCells() =>
        Cells().Where(c => c.Plan.Instrument.Code == InstrumentCatalogue.Eq5d5l).ToArray();

    internal sealed class InstrumentPlan(Instrument instrument, IReadOnlyList<string> timepoints, int arms)
    {
        public Instrument Instrument { get; } = instrument;

        public IReadOnlyList<string> Timepoints { get; } = timepoints;

        public ChangeCell[] Cells { get; } = timepoints.Select(_ => new ChangeCell(arms)).ToArray();

        public bool HasMcid => Instrument.Mcid is not null && Instrument.Direction != ChangeDirection.None;

        /// <summary>A change at least the MCID in the better direction.</summary>
        public bool ReachesMcid(double change) => Instrument.Mcid is { } mcid && Instrument.Direction switch
        {
            ChangeDirection.HigherIsBetter => change >= (double)mcid.Value,
            ChangeDirection.LowerIsBetter => -change >= (double)mcid.Value,
            _ => false,
        };
    }

    /// <summary>The running figures of one instrument at one timepoint; arrays are indexed by <see cref="MissingDataHandling"/>.</summary>
    internal sealed class ChangeCell(int arms)
    {
        public int WithBaseline;
        public int Complete;
        public int WithoutArm;
        public readonly RunningMoments[] Change = new RunningMoments[Handlings.Length];
        public readonly int[] Reach = new int[Handlings.Length];
        public readonly RunningMoments[] Qaly = new RunningMoments[Handlings.Length];
        public readonly RunningMoments[] ByArm = new RunningMoments[arms];

        // Cells of the published counts, set when registered.
        public int WithBaselineCell;
        public int CompleteCell;
        public int MissingCell;
        public readonly int[] ReachCell = new int[Handlings.Length];
        public readonly int[] NotReachCell = new int[Handlings.Length];
        public int[] ArmCells = [];

        public int Analysed(MissingDataHandling h) => h == MissingDataHandling.CompleteCases ? Complete : WithBaseline;

        public int AnalysedCell(MissingDataHandling h) => h == MissingDataHandling.CompleteCases ? CompleteCell : WithBaselineCell;
    }
}
