using AktivResept.Domain.Eligibility;

namespace AktivResept.Domain.Claims;

/// <summary>
/// The price of one service for a period, with the participant's copay (egenandel). Tariffs are never edited once a
/// claim has used them: a new price is a new tariff from a later date, and claim lines keep the amounts they were priced at.
/// </summary>
public sealed record Tariff(
    Guid Id,
    ServiceType Service,
    decimal Price,
    decimal Copay,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    IReadOnlyCollection<BenefitKind> CopayExemptBenefits)
{
    public bool InForceOn(DateOnly day) => day >= ValidFrom && (ValidTo is null || day <= ValidTo);

    public bool Overlaps(DateOnly from, DateOnly? to) =>
        (to is null || ValidFrom <= to) && (ValidTo is null || from <= ValidTo);

    /// <summary>The tariff in force for the service on the day; the latest start wins if schedules were layered.</summary>
    public static Tariff? InForce(IEnumerable<Tariff> tariffs, ServiceType service, DateOnly day) =>
        tariffs.Where(t => t.Service == service && t.InForceOn(day)).MaxBy(t => t.ValidFrom);
}
