using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Prescriptions;

public enum Operation
{
    TransitionTo,
    Issue,
    SendTo,
    Accept,
}

/// <summary>One attempted change; the flags say whether its preconditions outside the lifecycle are met.</summary>
public sealed record Attempt(Operation Operation, PrescriptionStatus Target, bool WithReason, bool Eligible, bool QualifiedTrainer);

public sealed record Scenario(FundingSource Funding, CertificationKind? Competence, Attempt[] Attempts);

public static class PrescriptionGenerators
{
    public static Arbitrary<Scenario> Scenarios()
    {
        // Exits are absorbing, so they are drawn less often than the steps forward; every status still occurs.
        var targets = Gen.Frequency(
            (1, Gen.Constant(PrescriptionStatus.Draft)),
            (1, Gen.Constant(PrescriptionStatus.Issued)),
            (1, Gen.Constant(PrescriptionStatus.Accepted)),
            (5, Gen.Constant(PrescriptionStatus.Active)),
            (3, Gen.Constant(PrescriptionStatus.Completed)),
            (1, Gen.Constant(PrescriptionStatus.Rejected)),
            (1, Gen.Constant(PrescriptionStatus.Expired)),
            (1, Gen.Constant(PrescriptionStatus.Cancelled)),
            (2, Gen.Constant(PrescriptionStatus.DroppedOut)));
        var attempts =
            from operation in Gen.Frequency((4, Gen.Constant(Operation.TransitionTo)), (2, Gen.Constant(Operation.Issue)), (2, Gen.Constant(Operation.SendTo)), (2, Gen.Constant(Operation.Accept)))
            from target in targets
            from withReason in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from eligible in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from qualified in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            select new Attempt(operation, target, withReason, eligible, qualified);
        var competences = Gen.Elements<CertificationKind?>(null, CertificationKind.AktivInstruktor, CertificationKind.HealthCoach);
        return (from funding in Gen.Elements(Enum.GetValues<FundingSource>())
                from competence in competences
                from list in attempts.ArrayOf()
                select new Scenario(funding, competence, list))
            .ToArbitrary();
    }
}

public class PrescriptionProperties
{
    [Property(Arbitrary = [typeof(PrescriptionGenerators)], MaxTest = 500, EndSize = 40)]
    public void Any_sequence_of_attempts_leaves_a_history_that_is_a_path_in_the_graph(Scenario scenario)
    {
        var p = new Prescription(Guid.NewGuid(), Guid.NewGuid(), APrescription.Details(scenario.Funding, scenario.Competence), APrescription.Referrer, APrescription.Now);
        var sent = false;
        var successes = 0;
        // From an hour before the period's first day, so some moves to Active come too early and most in time.
        var at = Calendar.OsloCalendar.StartOf(APrescription.Start).AddHours(-1);

        foreach (var attempt in scenario.Attempts)
        {
            at = at.AddMinutes(7);
            var before = (p.Status, p.Version, p.History.Count, p.ProviderId, p.TrainerId);
            var expected = Expected(p.Status, sent, scenario.Funding, attempt, Calendar.OsloCalendar.DateOf(at) >= p.StartDate);

            var outcome = Apply(p, attempt, scenario.Competence, at);

            outcome.Succeeded.ShouldBe(expected, $"{attempt} from {before.Status}: {outcome.Error}");
            if (outcome.Succeeded)
            {
                successes++;
                sent |= attempt.Operation == Operation.SendTo;
                p.Version.ShouldBe(before.Version + 1);
            }
            else
            {
                outcome.Error.ShouldNotBeNull();
                (p.Status, p.Version, p.History.Count, p.ProviderId, p.TrainerId).ShouldBe(before);
            }
        }

        p.History[0].From.ShouldBeNull();
        p.History[0].To.ShouldBe(PrescriptionStatus.Draft);
        for (var i = 1; i < p.History.Count; i++)
        {
            p.History[i].From.ShouldBe(p.History[i - 1].To);
            Lifecycle.CanMove(p.History[i].From!.Value, p.History[i].To).ShouldBeTrue();
            p.History[i].At.ShouldBeGreaterThan(p.History[i - 1].At);
        }

        p.Status.ShouldBe(p.History[^1].To);
        p.Version.ShouldBe(successes);
    }

    /// <summary>The rules of the aggregate, restated from PRODUCT.md and the brief rather than from the code.</summary>
    private static bool Expected(PrescriptionStatus status, bool sent, FundingSource funding, Attempt attempt, bool periodBegun) => attempt.Operation switch
    {
        Operation.TransitionTo =>
            attempt.Target is not (PrescriptionStatus.Issued or PrescriptionStatus.Accepted) &&
            (attempt.Target != PrescriptionStatus.Active || periodBegun) &&
            LifecycleTests.Graph.Contains((status, attempt.Target)) &&
            (attempt.WithReason || attempt.Target is not (PrescriptionStatus.Rejected or PrescriptionStatus.Cancelled)),
        Operation.Issue => status == PrescriptionStatus.Draft && (funding != FundingSource.StateReimbursed || attempt.Eligible),
        Operation.SendTo => status == PrescriptionStatus.Issued,
        Operation.Accept => status == PrescriptionStatus.Issued && sent && attempt.QualifiedTrainer,
        _ => throw new ArgumentOutOfRangeException(nameof(attempt)),
    };

    private static TransitionOutcome Apply(Prescription p, Attempt attempt, CertificationKind? competence, DateTimeOffset at)
    {
        switch (attempt.Operation)
        {
            case Operation.TransitionTo:
                return p.TransitionTo(attempt.Target, APrescription.ProviderAdmin, at, attempt.WithReason ? "Begrunnelse" : null);
            case Operation.Issue:
                var eligibility = attempt.Eligible
                    ? new EligibilityResult(true, BenefitKind.UnemploymentBenefit, null, true, null)
                    : EligibilityResult.NotEligible(ErrorCodes.BenefitRequired);
                return p.Issue(APrescription.Referrer, at, eligibility);
            case Operation.SendTo:
                return p.SendTo(APrescription.Provider, APrescription.Location, at);
            default:
                // An unqualified trainer has the right kind but lapses the day before the end, or the wrong kind.
                var certification = attempt.QualifiedTrainer
                    ? new Certification(competence ?? CertificationKind.GroupInstructor, "NIH", p.StartDate, p.EndDate)
                    : competence is { } needed
                        ? new Certification(needed == CertificationKind.HealthCoach ? CertificationKind.PersonalTrainer : CertificationKind.HealthCoach, "NIH", p.StartDate, p.EndDate)
                        : new Certification(CertificationKind.PersonalTrainer, "NIH", p.StartDate, p.EndDate.AddDays(-1));
                return p.Accept(APrescription.Trainer, [certification], APrescription.ProviderAdmin, at);
        }
    }
}
