using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Prescriptions;

/// <summary>Builds prescriptions in a given state through the aggregate's own operations.</summary>
internal static class APrescription
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Start = new(2026, 3, 9);
    public static readonly Actor Referrer = new("hpr:9144900", "referrer");
    public static readonly Actor ProviderAdmin = new("provider:974760673:admin", "provider");
    public static readonly Guid Provider = Guid.Parse("0195f0a0-0000-7000-8000-000000000001");
    public static readonly Guid Location = Guid.Parse("0195f0a0-0000-7000-8000-000000000002");
    public static readonly Guid Trainer = Guid.Parse("0195f0a0-0000-7000-8000-000000000003");

    public static readonly EligibilityResult Eligible =
        new(true, BenefitKind.WorkAssessmentAllowance, Start.AddDays(30), false, null);

    public static PrescriptionDetails Details(
        FundingSource funding = FundingSource.SelfPaid,
        CertificationKind? competence = null,
        int weeks = PrescriptionDetails.DefaultDurationWeeks) =>
        new(
            "L03",
            "Ryggsmerter",
            "Gå til jobb uten smerter",
            [ActivityType.SupervisedStrength, ActivityType.Endurance],
            2,
            45,
            Start,
            weeks,
            null,
            competence,
            4,
            funding);

    public static Prescription Draft(FundingSource funding = FundingSource.SelfPaid, CertificationKind? competence = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Details(funding, competence), Referrer, Now);

    /// <summary>A certification of the given kind valid for exactly the prescription period.</summary>
    public static Certification CertificationFor(Prescription p, CertificationKind kind = CertificationKind.PersonalTrainer) =>
        new(kind, "Norges idrettshøgskole", p.StartDate, p.EndDate);

    /// <summary>Reaches <paramref name="status"/> along the shortest path in the lifecycle graph.</summary>
    public static Prescription In(PrescriptionStatus status)
    {
        var p = Draft();
        var at = Now;
        switch (status)
        {
            case PrescriptionStatus.Draft:
                break;
            case PrescriptionStatus.Cancelled:
                Must(p.TransitionTo(PrescriptionStatus.Cancelled, Referrer, at, "Pasienten ønsket ikke tilbudet"));
                break;
            case PrescriptionStatus.Issued:
            case PrescriptionStatus.Rejected:
            case PrescriptionStatus.Expired:
                Must(p.Issue(Referrer, at, null));
                if (status == PrescriptionStatus.Rejected)
                {
                    Must(p.TransitionTo(PrescriptionStatus.Rejected, ProviderAdmin, at, "Ingen kapasitet"));
                }
                else if (status == PrescriptionStatus.Expired)
                {
                    Must(p.TransitionTo(PrescriptionStatus.Expired, Actor.System, at, null));
                }

                break;
            default:
                Must(p.Issue(Referrer, at, null));
                Must(p.SendTo(Provider, Location, at));
                Must(p.Accept(Trainer, [CertificationFor(p)], ProviderAdmin, at));
                if (status != PrescriptionStatus.Accepted)
                {
                    Must(p.TransitionTo(PrescriptionStatus.Active, Actor.System, Calendar.OsloCalendar.StartOf(p.StartDate), null));
                }

                if (status is PrescriptionStatus.Completed or PrescriptionStatus.DroppedOut)
                {
                    Must(p.TransitionTo(status, Actor.System, at, null));
                }

                break;
        }

        p.Status.ShouldBe(status);
        return p;
    }

    private static void Must(TransitionOutcome outcome) => outcome.Succeeded.ShouldBeTrue(outcome.Error?.Message);
}
