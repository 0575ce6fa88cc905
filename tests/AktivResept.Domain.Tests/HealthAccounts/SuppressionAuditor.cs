using System.Globalization;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Outcomes;
using MathNet.Numerics.LinearAlgebra;

namespace AktivResept.Domain.Tests.HealthAccounts;

/// <summary>
/// An attacker's view of a report: every count it publishes or implies is a variable (known when shown, unknown when
/// suppressed or never shown), every additive relation between published tables and every share is a linear equation.
/// A hidden count is derivable when its unit vector lies in the row space of the equations over the unknowns, i.e.
/// when every vector of their null space is zero at it. The true counts are computed here from the cohort, not taken
/// from the calculator.
/// </summary>
public sealed class SuppressionAuditor
{
    private readonly Dictionary<string, Variable> variables = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, double>> equations = [];

    public List<string> WrongOrSmallShown { get; } = [];

    /// <summary>The names of hidden counts of 1–4 the published figures determine.</summary>
    public static (IReadOnlyList<string> Derivable, IReadOnlyList<string> WrongOrSmallShown) Audit(AccountCohort cohort, HealthAccountReport report)
    {
        var auditor = new SuppressionAuditor();
        var persons = cohort.Participants.GroupBy(p => p.PersonKey).Select(g => new Person(g.ToList())).ToList();
        auditor.Funnel(persons, report);
        auditor.Weeks(persons, report);
        auditor.Outcomes(persons, report);
        return (auditor.Derivable(), auditor.WrongOrSmallShown);
    }

    private void Funnel(List<Person> persons, HealthAccountReport report)
    {
        var stages = report.Funnel.Stages;
        for (var j = 0; j < stages.Count; j++)
        {
            var stage = stages[j];
            Publish("T/" + stage, persons.Count(p => p.Reached(stage)), report.Funnel.Total.Counts[j]);
            foreach (var table in report.Funnel.Breakdowns.Prepend(report.Funnel.Quarters))
            {
                var equation = new Dictionary<string, double> { ["T/" + stage] = -1 };
                foreach (var row in table.Rows)
                {
                    var name = $"{table.Dimension}/{row.Group}/{stage}";
                    Publish(name, persons.Count(p => p.Reached(stage) && p.Group(table.Dimension) == row.Group), row.Counts[j]);
                    equation[name] = 1;
                }

                equations.Add(equation);
            }
        }

        Publish("T/" + FunnelStages.Started, persons.Count(p => p.Started), report.SickLeave.Participants);
        if (report.Costs.PerParticipant is not null)
        {
            Publish("T/" + FunnelStages.Started, persons.Count(p => p.Started), persons.Count(p => p.Started));
        }

        if (report.Costs.PerCompleter is not null)
        {
            Publish("T/" + FunnelStages.Completed, persons.Count(p => p.Completed), persons.Count(p => p.Completed));
        }
    }

    private void Weeks(List<Person> persons, HealthAccountReport report)
    {
        foreach (var week in report.AdherenceByWeek)
        {
            var w = week.Week - 1;
            var reached = persons.Where(p => p.Episode.AdherentByWeek.Count > w).ToList();
            var adherent = reached.Count(p => p.Episode.AdherentByWeek[w]);
            var (n, a, not) = ($"week/{week.Week}/n", $"week/{week.Week}/adherent", $"week/{week.Week}/not");
            Publish(n, reached.Count, week.Participants);
            Publish(a, adherent, null);
            Publish(not, reached.Count - adherent, null);
            equations.Add(new() { [a] = 1, [not] = 1, [n] = -1 });
            if (week.ShareAdherent is { } share)
            {
                equations.Add(new() { [a] = 1, [n] = -share });
            }
        }
    }

    private void Outcomes(List<Person> persons, HealthAccountReport report)
    {
        var order = report.OutcomeChanges.GroupBy(c => c.Instrument).ToDictionary(g => g.Key, g => g.Select(c => c.Timepoint).ToList());
        foreach (var change in report.OutcomeChanges)
        {
            var prefix = $"o/{change.Instrument}/{change.Timepoint}/";
            var diffs = persons.Select(p => p.Changes(change.Instrument, order[change.Instrument], change.Timepoint)).Where(d => d is not null).Select(d => d!.Value).ToList();
            var complete = diffs.Count(d => d.Measured);
            Publish(prefix + "wb", diffs.Count, change.Primary.WithBaseline);
            Publish(prefix + "complete", complete, null);
            Publish(prefix + "missing", diffs.Count - complete, change.Primary.Missing);
            equations.Add(new() { [prefix + "complete"] = 1, [prefix + "missing"] = 1, [prefix + "wb"] = -1 });
            foreach (var estimate in new[] { change.Primary, change.Alternative }.DistinctBy(e => e.Handling))
            {
                var analysed = Analysed(prefix, estimate.Handling);
                var used = diffs.Where(d => d.Measured || estimate.Handling != MissingDataHandling.CompleteCases).ToList();
                Publish(analysed, used.Count, estimate.Analysed);
                Publish(prefix + "missing", diffs.Count - complete, estimate.Missing);
                if (change.Mcid is { } mcid)
                {
                    var (reach, not) = (prefix + "reach/" + estimate.Handling, prefix + "not/" + estimate.Handling);
                    var reaching = used.Count(d => (change.Direction == ChangeDirection.LowerIsBetter ? -d.Value(estimate.Handling) : d.Value(estimate.Handling)) >= (double)mcid);
                    Publish(reach, reaching, null);
                    Publish(not, used.Count - reaching, null);
                    equations.Add(new() { [reach] = 1, [not] = 1, [analysed] = -1 });
                    if (estimate.ShareReachingMcid is { } share)
                    {
                        equations.Add(new() { [reach] = 1, [analysed] = -share });
                    }
                }
            }

            foreach (var qaly in report.Qalys.Where(q => change.Instrument == InstrumentCatalogue.Eq5d5l && q.Timepoint == change.Timepoint))
            {
                foreach (var estimate in new[] { qaly.Primary, qaly.Alternative })
                {
                    Publish(Analysed(prefix, estimate.Handling), diffs.Count(d => d.Measured || estimate.Handling != MissingDataHandling.CompleteCases), estimate.Analysed);
                    Publish(prefix + "missing", diffs.Count - complete, estimate.Missing);
                }
            }

            var comparisons = report.ArmComparisons.Where(a => a.Instrument == change.Instrument && a.Timepoint == change.Timepoint).ToList();
            if (comparisons.Count > 0)
            {
                var primary = report.Assumptions.Missing;
                var arms = persons.Select(p => (p, d: p.Changes(change.Instrument, order[change.Instrument], change.Timepoint)))
                    .Where(x => x.d is { } d && (d.Measured || primary != MissingDataHandling.CompleteCases)).ToList();
                var equation = new Dictionary<string, double> { [Analysed(prefix, primary)] = -1, [prefix + "no-arm"] = 1 };
                Publish(prefix + "no-arm", arms.Count(x => x.p.Episode.Arm is null), null);
                foreach (var c in comparisons)
                {
                    foreach (var (arm, shown) in new[] { (c.Arm, c.ArmAnalysed), (c.ReferenceArm, c.ReferenceAnalysed) })
                    {
                        Publish(prefix + "arm/" + arm, arms.Count(x => x.p.Episode.Arm == arm), shown);
                        equation[prefix + "arm/" + arm] = 1;
                    }
                }

                equations.Add(equation);
            }
        }
    }

    private static string Analysed(string prefix, MissingDataHandling handling) =>
        prefix + (handling == MissingDataHandling.CompleteCases ? "complete" : "wb");

    /// <summary>Records a count's truth; a published value makes it known, and must be true and not 1–4.</summary>
    private void Publish(string name, int truth, int? shown)
    {
        if (!variables.TryGetValue(name, out var variable))
        {
            variables[name] = variable = new Variable(variables.Count, truth);
        }

        if (variable.Truth != truth)
        {
            throw new InvalidOperationException($"{name}: two truths {variable.Truth} and {truth}.");
        }

        if (shown is { } value)
        {
            variable.Known = true;
            if (value != truth || value is > 0 and < 5)
            {
                WrongOrSmallShown.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: shown {value}, true {truth}"));
            }
        }
    }

    private List<string> Derivable()
    {
        var unknown = variables.Where(v => !v.Value.Known).Select(v => v.Key).ToList();
        var column = unknown.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var rows = equations
            .Select(e => e.Where(t => column.ContainsKey(t.Key) && t.Value != 0).ToList())
            .Where(e => e.Count > 0)
            .Select(e =>
            {
                var row = new double[unknown.Count];
                foreach (var (name, coefficient) in e)
                {
                    row[column[name]] += coefficient;
                }

                return row;
            })
            .ToList();
        var small = unknown.Where(name => variables[name].Truth is > 0 and < 5).ToList();
        if (small.Count == 0 || rows.Count == 0)
        {
            return [];
        }

        var matrix = Matrix<double>.Build.DenseOfRowArrays(rows);
        var kernel = matrix.Kernel();
        return small.Where(name => kernel.All(v => Math.Abs(v[column[name]]) < 1e-9)).ToList();
    }

    private sealed class Variable(int index, int truth)
    {
        public int Index { get; } = index;

        public int Truth { get; } = truth;

        public bool Known { get; set; }
    }

    private readonly record struct Change(bool Measured, double Observed, double LastCarried)
    {
        public double Value(MissingDataHandling handling) => Measured ? Observed : handling == MissingDataHandling.LastObservationCarriedForward ? LastCarried : 0;
    }

    private sealed class Person
    {
        private readonly List<AccountParticipant> prescriptions;

        public Person(List<AccountParticipant> prescriptions)
        {
            this.prescriptions = prescriptions;
            var ordered = prescriptions.OrderBy(p => p.ReferredOn).ThenBy(p => p.PrescriptionId).ToList();
            First = ordered[0];
            Episode = ordered.FirstOrDefault(p => p.Started) ?? ordered[0];
        }

        public AccountParticipant First { get; }

        public AccountParticipant Episode { get; }

        public bool Started => prescriptions.Any(p => p.Started);

        public bool Completed => prescriptions.Any(p => p.Completed);

        public bool Reached(string stage) => stage switch
        {
            FunnelStages.Referred => true,
            FunnelStages.Accepted => prescriptions.Any(p => p.Accepted),
            FunnelStages.Started => Started,
            FunnelStages.AdherentAtWeek12 => prescriptions.Any(p => p.AdherentAtWeek12),
            FunnelStages.Completed => Completed,
            _ => prescriptions.Any(p => p.Measurements.Any(m => FunnelStages.FollowedUpPrefix + m.Timepoint == stage)),
        };

        public string Group(string dimension) => dimension switch
        {
            FunnelStages.Quarter => $"{First.ReferredOn.Year}-Q{((First.ReferredOn.Month - 1) / 3) + 1}",
            FunnelStages.Benefit => First.Benefit?.ToString() ?? FunnelStages.NoBenefit,
            FunnelStages.AgeBand => First.AgeAtReferral switch { < 18 => "0-17", < 30 => "18-29", < 45 => "30-44", < 60 => "45-59", < 68 => "60-67", _ => "68+" },
            FunnelStages.Sex => First.Sex == PersonSex.Female ? "female" : "male",
            FunnelStages.Municipality => First.Kommunenummer,
            _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
        };

        /// <summary>The episode's change at a timepoint, or null without a baseline; LOCF looks back in schedule order.</summary>
        public Change? Changes(string instrument, List<string> timepoints, string timepoint)
        {
            double? Score(string tp) => Episode.Measurements.Where(m => m.Instrument == instrument && m.Timepoint == tp)
                .OrderBy(m => m.Day).Select(m => (double?)(double)m.Score).LastOrDefault();
            if (Score("baseline") is not { } baseline)
            {
                return null;
            }

            var last = baseline;
            foreach (var tp in timepoints.TakeWhile(t => t != timepoint))
            {
                last = Score(tp) ?? last;
            }

            return Score(timepoint) is { } observed ? new Change(true, observed - baseline, 0) : new Change(false, 0, last - baseline);
        }
    }
}
