using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Payments;

namespace AktivResept.Server.Tests.Payments;

/// <summary>A valid file to start from; each test changes what it is about.</summary>
internal static class PaymentFiles
{
    public static readonly Iban DebtorAccount = Iban.Parse("NO9386011117947");

    public static Payment Payment(string endToEndId, decimal amount, string creditor = "Sats Norge AS", string account = "1503.12.34562") =>
        new(endToEndId, creditor, AccountNumber.Parse(account).ToIban(), amount, $"Aktiv på dagtid {endToEndId}");

    public static PaymentFile Valid(params Payment[] payments) => new(
        MessageId: "AR-2026-03-31-0001",
        CreatedAt: new DateTimeOffset(2026, 3, 31, 14, 5, 9, TimeSpan.FromHours(2)),
        InitiatingParty: new InitiatingParty("Oslo kommune Helseetaten", OrganisationNumber.Parse("974760673")),
        RequestedExecutionDate: new DateOnly(2026, 4, 2),
        Debtor: new Debtor("Oslo kommune Helseetaten", OrganisationNumber.Parse("974760673"), DebtorAccount, Bic.Parse("DNBANOKK")),
        Payments: payments.Length > 0
            ? payments
            : [Payment("AR-P-0001", 1250.50m), Payment("AR-P-0002", 0.1m, "Bækkelaget Trening & Helse AS"), Payment("AR-P-0003", 0.2m)]);
}
