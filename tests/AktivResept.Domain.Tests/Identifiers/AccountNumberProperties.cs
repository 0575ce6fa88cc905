using AktivResept.Domain.Identifiers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Identifiers;

[Properties(Arbitrary = [typeof(BankAccountGenerators)], MaxTest = 1000)]
public class AccountNumberProperties
{
    [Property]
    public void A_valid_account_round_trips_through_its_iban(ValidAccountDigits account)
    {
        var parsed = AccountNumber.Parse(account.Value);
        var iban = parsed.ToIban();

        iban.Value.ShouldBe(ReferenceIban.Build("NO", account.Value));
        Iban.TryParse(iban.Formatted, out var reparsed, out var error).ShouldBeTrue(error?.Message);
        reparsed.ShouldBe(iban);
        reparsed.ToAccountNumber().ShouldBe(parsed);
    }

    /// <summary>
    /// All weights (and the control digit's implicit weight 1) are non-zero modulo the prime 11, so a change of δ in
    /// one digit (1 ≤ |δ| ≤ 9) moves the weighted sum by w·δ ≢ 0 (mod 11): every single-digit change is caught.
    /// </summary>
    [Property]
    public Property Changing_any_single_digit_of_an_account_number_is_detected() =>
        Prop.ForAll(BankAccountGenerators.AccountDigitChanges.ToArbitrary(), change =>
        {
            AccountNumber.TryParse(change.Original, out _, out _).ShouldBeTrue();

            AccountNumber.TryParse(change.Changed, out _, out var error).ShouldBeFalse(change.Changed);
            error!.Code.ShouldBe("account-number.control-digit");
        });

    /// <summary>ISO 7064 mod 97-10 detects every single-character substitution, check digits included.</summary>
    [Property]
    public void Changing_any_single_digit_of_a_Norwegian_iban_is_detected(SingleDigitChange change)
    {
        Iban.TryParse(change.Original, out _, out _).ShouldBeTrue();
        ReferenceIban.Holds(change.Changed).ShouldBeFalse(change.Changed);

        Iban.TryParse(change.Changed, out _, out _).ShouldBeFalse(change.Changed);
    }
}
