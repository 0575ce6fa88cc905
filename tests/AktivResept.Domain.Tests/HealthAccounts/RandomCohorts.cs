using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Outcomes;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.HealthAccounts;

/// <summary>
/// Small random cohorts from a seed, where small cells, zeros and large cells all come up: few municipalities, a
/// second prescription for some persons, arms in half the cohorts, measurements missing at random.
/// </summary>
public static class RandomCohorts
{
    public static readonly AccountPeriod Period = new(new(2025, 1, 1), new(2025, 12, 31));

    private static readonly string[] Municipalities = ["0301", "4601", "5001"];

    public static (AccountCohort Cohort, AccountAssumptions Assumptions) Make(int seed)
    {
        var random = new Random(seed);
        var persons = random.Next(0, 45);
        var withArms = random.Next(2) == 0;
        var handlings = Enum.GetValues<MissingDataHandling>();
        var assumptions = AccountAssumptions.Default with
        {
            Missing = handlings[random.Next(handlings.Length)],
            MissingAlternative = handlings[random.Next(handlings.Length)],
        };
        var participants = new List<AccountParticipant>();
        for (var p = 0; p < persons; p++)
        {
            var key = Guid.NewGuid();
            var sex = random.Next(2) == 0 ? PersonSex.Female : PersonSex.Male;
            var age = random.Next(16, 80);
            var prescriptions = random.Next(10) == 0 ? 2 : 1;
            for (var i = 0; i < prescriptions; i++)
            {
                participants.Add(Prescription(random, key, sex, age, withArms));
            }
        }

        return (new AccountCohort(participants, []) { Period = Period }, assumptions);
    }

    private static AccountParticipant Prescription(Random random, Guid key, PersonSex sex, int age, bool withArms)
    {
        var referred = Period.From.AddDays(random.Next(365));
        var start = referred.AddDays(random.Next(7, 30));
        var accepted = random.NextDouble() < 0.85;
        var started = accepted && random.NextDouble() < 0.8;
        var adherent = started && random.NextDouble() < 0.6;
        var completed = started && random.NextDouble() < 0.6;
        BenefitKind? benefit = random.Next(4) switch
        {
            0 => null,
            1 => BenefitKind.SicknessBenefit,
            2 => BenefitKind.WorkAssessmentAllowance,
            _ => BenefitKind.UnemploymentBenefit,
        };
        var weeks = started ? Enumerable.Range(0, random.Next(1, 13)).Select(_ => random.NextDouble() < 0.7).ToArray() : [];
        var measurements = new List<AccountMeasurement>();
        if (started)
        {
            Measure(random, measurements, InstrumentCatalogue.SitToStand, start, 12, 4, ["m6"]);
            Measure(random, measurements, InstrumentCatalogue.Eq5d5l, start, 0.7, 0.08, ["m6", "m12"]);
        }

        return new AccountParticipant(
            key, Guid.NewGuid(), referred, start, start.AddDays(83), accepted, started, adherent, completed,
            completed ? PrescriptionStatus.Completed : accepted ? PrescriptionStatus.Active : PrescriptionStatus.Issued, benefit, age, sex,
            Municipalities[random.Next(Municipalities.Length)],
            withArms && random.Next(8) != 0 ? (random.Next(2) == 0 ? "control" : "intervention") : null,
            weeks, measurements, [], []);
    }

    private static void Measure(Random random, List<AccountMeasurement> into, string instrument, DateOnly start, double level, double step, string[] followUps)
    {
        if (random.NextDouble() < 0.2)
        {
            return;
        }

        into.Add(new(instrument, "baseline", (decimal)Math.Round(level, 3), start));
        foreach (var (timepoint, i) in followUps.Select((t, i) => (t, i)))
        {
            if (random.NextDouble() < 0.65)
            {
                into.Add(new(instrument, timepoint, (decimal)Math.Round(level + (step * (random.Next(-2, 4))), 3), start.AddMonths(6 * (i + 1))));
            }
        }
    }
}
