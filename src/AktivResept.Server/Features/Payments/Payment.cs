using AktivResept.Domain.Identifiers;

namespace AktivResept.Server.Features.Payments;

/// <summary>One transfer to a creditor's Norwegian account.</summary>
/// <param name="EndToEndId">Travels unchanged to the creditor's statement (1–35 identifier characters, unique in the file).</param>
/// <param name="Amount">NOK, positive, at most two decimals (øre).</param>
/// <param name="RemittanceText">Unstructured text shown to the creditor, at most 140 characters; empty for none.</param>
public sealed record Payment(string EndToEndId, string CreditorName, Iban CreditorAccount, decimal Amount, string RemittanceText);
