using AktivResept.Domain.Identifiers;

namespace AktivResept.Domain.Tests.Identifiers;

public class AccountNumberTests
{
    [Fact]
    public void A_hand_checked_account_number_is_accepted()
    {
        // 8601111794 + 7: 8·5 + 6·4 + 0·3 + 1·2 + 1·7 + 1·6 + 1·5 + 7·4 + 9·3 + 4·2 = 147; 147 mod 11 = 4; 11 − 4 = 7.
        ReferenceMod11.Control("8601111794", ReferenceMod11.BankAccount).ShouldBe(7);

        AccountNumber.Parse("86011117947").Value.ShouldBe("86011117947");
    }

    [Theory]
    [InlineData("8601.11.17947")]
    [InlineData("8601 11 17947")]
    [InlineData(" 8601 11 17947 ")]
    public void Dots_and_spaces_between_groups_are_ignored(string written)
    {
        AccountNumber.Parse(written).Value.ShouldBe("86011117947");
    }

    [Fact]
    public void The_formatted_form_groups_four_two_five()
    {
        AccountNumber.Parse("8601.11.17947").Formatted.ShouldBe("8601 11 17947");
    }

    [Fact]
    public void The_iban_of_the_widely_used_example_account_is_NO93()
    {
        var iban = AccountNumber.Parse("8601.11.17947").ToIban();

        iban.Value.ShouldBe("NO9386011117947");
        iban.Formatted.ShouldBe("NO93 8601 1117 947");
        iban.ToAccountNumber().ShouldBe(AccountNumber.Parse("86011117947"));
    }

    [Fact]
    public void A_remainder_of_zero_gives_control_digit_zero()
    {
        var stem = Enumerable.Range(1_000_000, 10_000)
            .Select(n => "100" + n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(s => ReferenceMod11.Control(s, ReferenceMod11.BankAccount) == 0);

        AccountNumber.TryParse(stem + "0", out _, out var error).ShouldBeTrue(error?.Message);
    }

    [Fact]
    public void A_stem_whose_remainder_is_one_has_no_valid_control_digit()
    {
        var stem = Enumerable.Range(1_000_000, 10_000)
            .Select(n => "100" + n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(s => ReferenceMod11.Control(s, ReferenceMod11.BankAccount) is null);

        foreach (var digit in Enumerable.Range(0, 10))
        {
            AccountNumber.TryParse($"{stem}{digit}", out _, out _).ShouldBeFalse($"{stem}{digit}");
        }
    }

    [Theory]
    [InlineData(null, "account-number.digits")]
    [InlineData("", "account-number.digits")]
    [InlineData("8601111794", "account-number.digits")]
    [InlineData("860111179470", "account-number.digits")]
    [InlineData("8601-11-17947", "account-number.digits")]
    [InlineData("860111179A7", "account-number.digits")]
    [InlineData("86011117948", "account-number.control-digit")]
    [InlineData("86011117957", "account-number.control-digit")]
    [InlineData("96011117947", "account-number.control-digit")]
    [InlineData("86101117947", "account-number.control-digit")]
    public void Malformed_account_numbers_are_refused(string? value, string expectedError)
    {
        AccountNumber.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error!.Code.ShouldBe(expectedError);
    }
}
