using AktivResept.Domain.Kpis;

namespace AktivResept.Domain.Contracts;

/// <summary>Pure rules a contract's requirements must satisfy, whatever the provider registered.</summary>
public static class ContractRules
{
    /// <summary>
    /// The most session places per week a location can commit to. Its registered capacity is how many prescriptions
    /// it takes at once, and a participant has at most one countable session a day, so a location can deliver at most
    /// capacity × 7 places a week; the sum over activities at the location may not exceed that.
    /// </summary>
    public static int MaxPlacesPerWeek(int locationCapacity) => locationCapacity * 7;

    /// <summary>
    /// A KPI judged per <paramref name="kind"/> fits a contract when at least one whole period of that kind lies
    /// inside the contract's validity (an open-ended contract always has one).
    /// </summary>
    public static bool PeriodFits(KpiPeriodKind kind, DateOnly from, DateOnly? to) =>
        to is not { } last || KpiPeriod.Covering(from, last, kind).Any(p => p.From >= from && p.To <= last);
}
