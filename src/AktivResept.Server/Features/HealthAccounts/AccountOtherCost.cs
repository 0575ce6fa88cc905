using AktivResept.Domain.HealthAccounts;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// A cost of a scope that no claim carries (e.g. a municipality's own instructors or premises), entered and labelled by
/// a coordinator or payer who may see the scope. The account adds it to the scope's costs by payer.
/// </summary>
public sealed class AccountOtherCost
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public AccountScopeKind ScopeKind { get; set; }

    /// <summary>The scope's key as in the route: kommunenummer, contract or pilot id, or "national".</summary>
    public string ScopeKey { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public CostPayer Payer { get; set; }

    /// <summary>NOK with øre precision; negative for a refund or correction.</summary>
    public decimal Amount { get; set; }

    /// <summary>The Oslo day the cost belongs to; the account counts it when the day is in the period.</summary>
    public DateOnly Day { get; set; }

    public string EnteredBy { get; set; } = string.Empty;

    public string EnteredByRole { get; set; } = string.Empty;

    public DateTimeOffset EnteredAt { get; set; }
}
