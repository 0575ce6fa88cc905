using AktivResept.Domain.Identifiers;

namespace AktivResept.Server.Features.Payments;

/// <summary>One claim line paid in a payment file: what the provider's accounts need to match the transfer.</summary>
/// <param name="PaymentEndToEndId">The <see cref="Payment.EndToEndId"/> of the transfer that paid this line.</param>
/// <param name="ServiceType">The claim line's service type as the claims feature names it.</param>
/// <param name="Amount">NOK paid for this line.</param>
public sealed record RemittanceRow(
    string PaymentEndToEndId,
    OrganisationNumber ProviderOrganisationNumber,
    string ProviderName,
    Guid ClaimId,
    Guid LineId,
    DateOnly ServiceDate,
    string ServiceType,
    decimal Amount);
