using AktivResept.Domain.Identifiers;

namespace AktivResept.Server.Features.Payments;

/// <summary>
/// One credit-transfer file for the bank: a single debit account paying many creditors in NOK on one date. Written as
/// ISO 20022 pain.001.001.09 by <see cref="Pain001Writer"/>.
/// </summary>
/// <param name="MessageId">Unique per file towards the bank (1–35 identifier characters); also used as the PmtInfId.</param>
/// <param name="CreatedAt">When the file was made; written in UTC.</param>
/// <param name="BatchBooking">True asks the bank for one debit entry for the whole file rather than one per payment.</param>
public sealed record PaymentFile(
    string MessageId,
    DateTimeOffset CreatedAt,
    InitiatingParty InitiatingParty,
    DateOnly RequestedExecutionDate,
    Debtor Debtor,
    IReadOnlyList<Payment> Payments,
    bool BatchBooking = true);

/// <summary>
/// Who sends the file. The organisation number goes in <c>InitgPty/Id/OrgId/Othr/Id</c> under scheme
/// <paramref name="SchemeCode"/>: Norwegian banks (Nordea's MIG states it outright) identify the sending customer
/// under <c>BANK</c>; set <c>CUST</c> or another ISO code if the bank's agreement says otherwise.
/// </summary>
public sealed record InitiatingParty(string Name, OrganisationNumber OrganisationNumber, string SchemeCode = "BANK");

/// <summary>The payer whose Norwegian account is debited, and its bank.</summary>
public sealed record Debtor(string Name, OrganisationNumber OrganisationNumber, Iban Account, Bic Agent);
