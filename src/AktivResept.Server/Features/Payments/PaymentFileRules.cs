using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Payments;

/// <summary>
/// What a pain.001 file must satisfy before it is written: the schema's lengths, a character set the Norwegian banks
/// accept, and the arithmetic the bank checks (positive øre amounts, unique end-to-end ids, domestic NOK accounts).
/// </summary>
internal static class PaymentFileRules
{
    public const int MaxIdLength = 35;
    public const int MaxNameLength = 140;
    public const int MaxRemittanceLength = 140;

    /// <summary>Far above any claim, and the largest amount Nordic banks' MIGs accept in one transfer.</summary>
    public const decimal MaxAmount = 999_999_999.99m;

    public static ValidationErrors Check(PaymentFile file)
    {
        var errors = new ValidationErrors();
        Identifier(errors, "messageId", file.MessageId);
        Text(errors, "initiatingParty.name", file.InitiatingParty.Name, MaxNameLength, required: true);
        if (file.InitiatingParty.SchemeCode is not { Length: >= 1 and <= 4 } scheme || !scheme.All(char.IsAsciiLetterUpper))
        {
            errors.Add("initiatingParty.schemeCode", ApiErrorCodes.SchemeCode);
        }

        Text(errors, "debtor.name", file.Debtor.Name, MaxNameLength, required: true);
        if (file.Debtor.Account.CountryCode != "NO")
        {
            errors.Add("debtor.account", ApiErrorCodes.DomesticAccount);
        }

        if (file.Debtor.Agent.CountryCode != "NO")
        {
            errors.Add("debtor.agent", ApiErrorCodes.DomesticAgent);
        }

        if (file.Payments.Count == 0)
        {
            errors.Add("payments", ApiErrorCodes.NoPayments);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Payments.Count; i++)
        {
            var payment = file.Payments[i];
            var field = $"payments[{i}]";
            if (Identifier(errors, $"{field}.endToEndId", payment.EndToEndId) && !seen.Add(payment.EndToEndId))
            {
                errors.Add($"{field}.endToEndId", ApiErrorCodes.EndToEndIdUsed);
            }

            Text(errors, $"{field}.creditorName", payment.CreditorName, MaxNameLength, required: true);
            Text(errors, $"{field}.remittanceText", payment.RemittanceText, MaxRemittanceLength, required: false);
            if (payment.CreditorAccount.CountryCode != "NO")
            {
                errors.Add($"{field}.creditorAccount", ApiErrorCodes.DomesticAccount);
            }

            if (payment.Amount <= 0 || payment.Amount > MaxAmount)
            {
                errors.Add($"{field}.amount", ApiErrorCodes.PaymentAmount);
            }
            else if (decimal.Round(payment.Amount, 2) != payment.Amount)
            {
                errors.Add($"{field}.amount", ApiErrorCodes.PaymentDecimals);
            }
        }

        return errors;
    }

    /// <summary>
    /// Identifiers use the restricted set the EPC and the Nordic banks require for references (letters a–z, digits and
    /// <c>/ - ? : ( ) . , ' +</c> and space), may not start or end with '/' nor contain '//'.
    /// </summary>
    private static bool Identifier(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength)
        {
            errors.Add(field, ApiErrorCodes.LengthRange.With(("max", MaxIdLength)));
            return false;
        }

        if (!value.All(c => char.IsAsciiLetterOrDigit(c) || "/-?:().,'+ ".Contains(c, StringComparison.Ordinal))
            || value.StartsWith('/') || value.EndsWith('/') || value.Contains("//", StringComparison.Ordinal))
        {
            errors.Add(field, ApiErrorCodes.IdCharacters);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Names and texts: printable ISO-8859-1 characters (æ, ø, å, é, ü … included), which is what Norwegian banks carry
    /// through to the creditor; anything else (control characters, emoji, letters outside Latin-1) is refused rather
    /// than silently replaced, so the caller decides how to transliterate.
    /// </summary>
    private static void Text(ValidationErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || !string.IsNullOrEmpty(value))
            {
                errors.Add(field, required ? ErrorCodes.Required : ApiErrorCodes.OnlyWhitespace);
            }

            return;
        }

        if (value.Length > maxLength)
        {
            errors.Add(field, ErrorCodes.MaxLength.With(("max", maxLength)));
        }

        foreach (var c in value)
        {
            if (c is < ' ' or (> '~' and < '\u00A0') or > '\u00FF')
            {
                errors.Add(field, ApiErrorCodes.BankCharacter.With(("character", $"U+{(int)c:X4}")));
                return;
            }
        }
    }
}
