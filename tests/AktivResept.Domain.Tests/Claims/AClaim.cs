using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Claims;

/// <summary>Builds claim inputs around a prescription that starts Monday 2 March 2026 and runs four weeks, twice a week.</summary>
internal static class AClaim
{
    public static readonly DateOnly Start = new(2026, 3, 2);
    public static readonly DateOnly End = Start.AddDays(27);
    public static readonly Guid Provider = Guid.Parse("0195f0a0-0000-7000-8000-000000000001");
    public static readonly Guid OtherProvider = Guid.Parse("0195f0a0-0000-7000-8000-000000000009");

    public static readonly Certification Certified =
        new(CertificationKind.PersonalTrainer, "NIH", Start.AddYears(-1), Start.AddYears(1));

    public static readonly Tariff PtTariff =
        new(Guid.NewGuid(), ServiceType.PtSession, 450.00m, 50.00m, Start.AddYears(-1), null, [BenefitKind.DisabilityBenefit]);

    public static readonly Tariff GroupTariff =
        new(Guid.NewGuid(), ServiceType.GroupSession, 150.00m, 0m, Start.AddYears(-1), null, []);

    public static readonly PricingTerms Terms = new([PtTariff, GroupTariff], 0.30m);

    public static ClaimPrescription Prescription(
        FundingSource funding = FundingSource.Municipality,
        int perWeek = 2,
        int weeks = 4,
        CertificationKind? competence = null,
        params BenefitPeriod[] benefits) =>
        new(Guid.NewGuid(), funding, Start, Start.AddDays((weeks * 7) - 1), perWeek, weeks, Provider, competence, benefits);

    /// <summary>A session at the given Oslo day and local hour.</summary>
    public static SessionCandidate Session(
        DateOnly day,
        AttendanceKind kind = AttendanceKind.PtSession,
        int hour = 10,
        Guid? provider = null,
        params Certification[] certifications) =>
        At(OsloCalendar.StartOf(day).AddHours(hour), kind, provider, certifications);

    public static SessionCandidate At(
        DateTimeOffset instant, AttendanceKind kind = AttendanceKind.PtSession, Guid? provider = null, params Certification[] certifications) =>
        new(Guid.NewGuid(), provider ?? Provider, instant, kind, certifications.Length == 0 ? [Certified] : certifications);

    public static ValidatedLine Only(ClaimPrescription prescription, SessionCandidate session, params ClaimedSession[] claimed) =>
        ClaimValidator.Validate(prescription, [session], claimed, Terms).ShouldHaveSingleItem();
}
