using AktivResept.Domain.Claims;

namespace AktivResept.Server.Features.Payers;

/// <summary>
/// A body that pays claims: the state's reimbursement office, a municipality (found by its kommunenummer) or an
/// employer (by organisation number). Its caseworkers sign in with the payer role and the payer's organisation number.
/// </summary>
public sealed class Payer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public PayerKind Kind { get; set; }

    public string Name { get; set; } = string.Empty;

    public string OrganisationNumber { get; set; } = string.Empty;

    /// <summary>For a municipality: the kommunenummer whose residents it pays for.</summary>
    public string? Kommunenummer { get; set; }

    /// <summary>The account payments are made from (IBAN), as the debtor in the payment file.</summary>
    public string AccountIban { get; set; } = string.Empty;

    public string Bic { get; set; } = string.Empty;
}
