using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using FsCheck;
using FsCheck.Fluent;

namespace AktivResept.Domain.Tests.Claims;

/// <summary>The inputs of one pricing: a tariff to the øre, a copay, a co-financing share and whether the copay is waived.</summary>
public sealed record PricingInput(decimal Tariff, decimal Copay, decimal Share, bool Exempt);

/// <summary>
/// One claim run: a prescription, the candidate sessions, the sessions already on earlier claims, the pricing terms,
/// an arrival order for the candidates, and sessions that arrive after a first claim has been made.
/// </summary>
public sealed record ClaimScenario(
    ClaimPrescription Prescription,
    SessionCandidate[] Candidates,
    ClaimedSession[] AlreadyClaimed,
    PricingTerms Terms,
    int[] ArrivalOrder,
    SessionCandidate[] Later)
{
    public override string ToString() =>
        $"""
         {Prescription with { Benefits = [] }}
           benefits: {string.Join("; ", Prescription.Benefits)}
           share {Terms.CoFinancingShare}; tariffs: {string.Join("; ", Terms.Tariffs.Select(t => $"{t.Service} {t.Price}/{t.Copay} {t.ValidFrom}..{t.ValidTo} exempt [{string.Join(",", t.CopayExemptBenefits)}]"))}
           claimed: {string.Join("; ", AlreadyClaimed.Select(c => $"{c.SessionId:N} {c.Date} {c.Service}"))}
           candidates: {string.Join("; ", Candidates.Select(Describe))}
           later: {string.Join("; ", Later.Select(Describe))}
         """;

    private static string Describe(SessionCandidate c) =>
        $"{c.SessionId:N} {c.ProviderId:N} {c.OccurredAt:u} {c.Kind} [{string.Join(",", c.TrainerCertifications.Select(x => $"{x.Kind} {x.ValidFrom}..{x.ValidTo}"))}]";
}

public static class ClaimGenerators
{
    /// <summary>A Monday; prescriptions starting here may span the end of summer time (25 October 2026).</summary>
    public static readonly DateOnly Anchor = new(2026, 10, 19);

    public static readonly Guid AcceptedProvider = Guid.Parse("0195f0a0-0000-7000-8000-0000000000a1");
    public static readonly Guid OtherProvider = Guid.Parse("0195f0a0-0000-7000-8000-0000000000b2");

    private static readonly Gen<Guid> Ids = ArbMap.Default.GeneratorFor<Guid>();

    private static readonly FundingSource[] ClaimableFunding =
        [FundingSource.StateReimbursed, FundingSource.Municipality, FundingSource.EmployerPaid];

    public static Arbitrary<PricingInput> PricingInputs()
    {
        var tariff = Gen.OneOf(Gen.Choose(0, 20), Gen.Choose(0, 10_000_000)).Select(ore => ore / 100m);
        var copay = Gen.OneOf(
            Gen.Constant(0m),
            Gen.Choose(0, 100_000).Select(ore => ore / 100m),
            Gen.Choose(0, 1_000_000).Select(tenthOre => tenthOre / 1000m));
        return (from t in tariff
                from c in copay
                from share in Shares()
                from exempt in Gen.Elements(true, false)
                select new PricingInput(t, c, share, exempt))
            .ToArbitrary();
    }

    public static Arbitrary<ClaimScenario> Scenarios() =>
        (from prescription in Prescriptions()
         from widest in Gen.Elements(14, 40, 110)
         let span = Math.Min(widest, (prescription.DurationWeeks * 7) + 14)
         from candidates in Candidate(prescription.RequiredCompetence, span).ListOf()
         from claimedFromCandidates in Gen.SubListOf(candidates.Where(c => c.Service is not null))
         from claimedElsewhere in Claimed(span).ListOf().Resize(4)
         from tariffs in Gen.Frequency((1, Tariffs().ListOf().Resize(8)), (3, StandingTariffs()))
         from share in Shares()
         from order in Gen.Shuffle(Enumerable.Range(0, candidates.Count))
         from later in Candidate(prescription.RequiredCompetence, span).ListOf()
         let claimed = claimedFromCandidates.Take(2).Select(c => new ClaimedSession(c.SessionId, c.Date, c.Service!.Value))
             .Concat(claimedElsewhere)
         select new ClaimScenario(
             prescription,
             [.. candidates],
             [.. claimed],
             new PricingTerms([.. tariffs.DistinctBy(t => (t.Service, t.ValidFrom))], share),
             [.. order],
             [.. later.Where(l => candidates.All(c => c.SessionId != l.SessionId))]))
        .ToArbitrary();

    private static Gen<decimal> Shares() =>
        Gen.OneOf(
            Gen.Elements(0m, 0.3m, 0.3333m, 1m / 3m, 2m / 3m, 0.5m, 0.125m, 1m),
            Gen.Choose(0, 10_000).Select(n => n / 10_000m));

    private static Gen<DateOnly> Day(int from, int to) => Gen.Choose(from, to).Select(d => Anchor.AddDays(d));

    private static Gen<ClaimPrescription> Prescriptions() =>
        from funding in Gen.Elements(ClaimableFunding)
        from startOffset in Gen.Choose(0, 6)
        from weeks in Gen.Choose(1, 14)
        from perWeek in Gen.Choose(1, 5)
        from competence in Gen.Frequency(
            (2, Gen.Constant<CertificationKind?>(null)),
            (1, Gen.Elements(Enum.GetValues<CertificationKind>()).Select(k => (CertificationKind?)k)))
        from benefits in Gen.Frequency(
            (1, Gen.Constant(new List<BenefitPeriod>())),
            (3, Benefit().ListOf().Resize(3)),
            (3, Gen.Constant(new List<BenefitPeriod> { new(BenefitKind.WorkAssessmentAllowance, Anchor.AddDays(-100), null) })))
        let start = Anchor.AddDays(startOffset)
        select new ClaimPrescription(
            Guid.NewGuid(), funding, start, start.AddDays((weeks * 7) - 1), perWeek, weeks, AcceptedProvider, competence,
            [.. benefits]);

    private static Gen<BenefitPeriod> Benefit() =>
        from kind in Gen.Elements(Enum.GetValues<BenefitKind>())
        from first in Day(-30, 80)
        from open in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from length in Gen.Choose(0, 60)
        select new BenefitPeriod(kind, first, open ? null : first.AddDays(length));

    private static Gen<Certification> Certification(CertificationKind? required) =>
        from kind in Gen.Frequency(
            (3, Gen.Constant(required ?? CertificationKind.PersonalTrainer)),
            (1, Gen.Elements(Enum.GetValues<CertificationKind>())))
        from first in Gen.Frequency((2, Day(-400, -30)), (1, Day(-30, 100)))
        from length in Gen.Frequency((2, Gen.Constant(800)), (1, Gen.Choose(0, 90)))
        select new Certification(kind, "NIH", first, first.AddDays(length));

    private static Gen<SessionCandidate> Candidate(CertificationKind? required, int lastDay) =>
        from id in Ids
        from provider in Gen.Frequency((8, Gen.Constant(AcceptedProvider)), (1, Gen.Constant(OtherProvider)))
        from day in Gen.Choose(-7, lastDay)
        from minute in Gen.Choose(0, (24 * 60) - 1)
        from kind in Gen.Frequency(
            (1, Gen.Constant(AttendanceKind.CheckIn)),
            (1, Gen.Constant(AttendanceKind.NoShow)),
            (3, Gen.Constant(AttendanceKind.ClassAttendance)),
            (4, Gen.Constant(AttendanceKind.PtSession)))
        from certifications in Gen.Frequency(
            (1, Certification(required).ListOf().Resize(3)),
            (3, Gen.Constant(new List<Certification> { new(required ?? CertificationKind.PersonalTrainer, "NIH", Anchor.AddYears(-1), Anchor.AddYears(2)) })))
        select new SessionCandidate(id, provider, OsloCalendar.StartOf(Anchor.AddDays(day)).AddMinutes(minute), kind,
            [.. certifications]);

    private static Gen<ClaimedSession> Claimed(int lastDay) =>
        from id in Ids
        from day in Day(-7, lastDay)
        from service in Gen.Elements(ServiceType.PtSession, ServiceType.GroupSession)
        select new ClaimedSession(id, day, service);

    /// <summary>Open-ended tariffs for both billable services, sometimes with a later price or a gap-making extra.</summary>
    private static Gen<List<Tariff>> StandingTariffs() =>
        from ptOre in Gen.Choose(30_000, 90_000)
        from groupOre in Gen.Choose(10_000, 30_000)
        from extras in Tariffs().ListOf().Resize(3)
        select new List<Tariff>
        {
            new(Guid.NewGuid(), ServiceType.PtSession, ptOre / 100m, 50m, Anchor.AddYears(-1), null, [BenefitKind.DisabilityBenefit]),
            new(Guid.NewGuid(), ServiceType.GroupSession, groupOre / 100m, 0m, Anchor.AddYears(-1), null, []),
        }.Concat(extras).ToList();

    private static Gen<Tariff> Tariffs() =>
        from id in Ids
        from service in Gen.Frequency(
            (4, Gen.Constant(ServiceType.PtSession)),
            (3, Gen.Constant(ServiceType.GroupSession)),
            (1, Gen.Elements(ServiceType.DietGuidance, ServiceType.InitialAssessment)))
        from price in Gen.Choose(0, 200_000).Select(ore => ore / 100m)
        from copay in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 60_000))).Select(ore => ore / 100m)
        from validFrom in Gen.Frequency((2, Day(-400, -30)), (1, Day(-30, 100)))
        from open in Gen.Elements(true, false)
        from length in Gen.Choose(0, 90)
        from exempt in Gen.SubListOf(Enum.GetValues<BenefitKind>())
        select new Tariff(id, service, price, copay, validFrom, open ? null : validFrom.AddDays(length), [.. exempt]);
}
