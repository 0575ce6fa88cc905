namespace AktivResept.Domain.Claims;

/// <summary>
/// The tariffs that apply to a claim (national for state funding, the contract's for municipal or employer funding)
/// and the share the provider co-finances under a pilot or contract (e.g. 0.30 in the Helsefunn proposal).
/// </summary>
public sealed record PricingTerms(IReadOnlyList<Tariff> Tariffs, decimal CoFinancingShare);
