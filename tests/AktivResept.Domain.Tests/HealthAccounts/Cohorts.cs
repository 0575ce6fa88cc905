using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.HealthAccounts;

/// <summary>Builds synthetic participants for the health-account tests: everyone started on 2026-01-05 unless told.</summary>
public static class Cohorts
{
    public static readonly DateOnly Start = new(2026, 1, 5);

    public static AccountParticipant Participant(
        Guid? person = null,
        DateOnly? referredOn = null,
        bool accepted = true,
        bool started = true,
        bool adherent = true,
        bool completed = true,
        BenefitKind? benefit = BenefitKind.SicknessBenefit,
        int age = 40,
        PersonSex sex = PersonSex.Female,
        string kommune = "0301",
        string? arm = null,
        IReadOnlyList<bool>? weeks = null,
        IReadOnlyList<AccountMeasurement>? measurements = null,
        IReadOnlyList<AccountCost>? costs = null,
        IReadOnlyList<AccountBenefitPeriod>? periods = null,
        DateOnly? start = null) =>
        new(
            person ?? Guid.NewGuid(),
            Guid.NewGuid(),
            referredOn ?? (start ?? Start).AddDays(-14),
            start ?? Start,
            (start ?? Start).AddDays(83),
            accepted,
            started,
            adherent,
            completed,
            completed ? PrescriptionStatus.Completed : PrescriptionStatus.Active,
            benefit,
            age,
            sex,
            kommune,
            arm,
            weeks ?? [],
            measurements ?? [],
            costs ?? [],
            periods ?? []);

    /// <summary>Baseline and follow-up scores of one instrument; a null follow-up is not measured.</summary>
    public static AccountMeasurement[] Paired(string instrument, decimal baseline, decimal? followUp, string timepoint = "m6") =>
        followUp is { } f
            ? [new(instrument, "baseline", baseline, Start), new(instrument, timepoint, f, Start.AddMonths(6))]
            : [new(instrument, "baseline", baseline, Start)];

    public static AccountCohort Of(params AccountParticipant[] participants) => new(participants, []);
}
