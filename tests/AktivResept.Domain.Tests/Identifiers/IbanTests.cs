using AktivResept.Domain.Identifiers;

namespace AktivResept.Domain.Tests.Identifiers;

public class IbanTests
{
    [Theory]
    [InlineData("NO9386011117947")]
    [InlineData("NO93 8601 1117 947")]
    [InlineData("no93 8601 1117 947")]
    public void The_widely_used_Norwegian_example_is_accepted_in_print_and_electronic_form(string written)
    {
        ReferenceIban.Holds("NO9386011117947").ShouldBeTrue();

        var iban = Iban.Parse(written);

        iban.Value.ShouldBe("NO9386011117947");
        iban.CountryCode.ShouldBe("NO");
        iban.CheckDigits.ShouldBe("93");
        iban.Bban.ShouldBe("86011117947");
    }

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("SE45 5000 0000 0583 9825 7466")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    public void Published_example_ibans_of_other_countries_are_accepted(string written)
    {
        Iban.TryParse(written, out var iban, out var error).ShouldBeTrue(error?.Message);

        iban.Formatted.ShouldBe(written);
        iban.ToAccountNumber().ShouldBeNull();
    }

    [Theory]
    [InlineData(null, "iban.format")]
    [InlineData("", "iban.format")]
    [InlineData("9386011117947NO", "iban.format")]
    [InlineData("NO9386011117-47", "iban.format")]
    [InlineData("NO93860111179470", "iban.length")]
    [InlineData("NO938601111794", "iban.length")]
    [InlineData("DE8937040044", "iban.length")]
    [InlineData("DE89370400440532013000370400440532013", "iban.length")]
    [InlineData("NO9486011117947", "iban.check-digits")]
    [InlineData("NO9386011117948", "iban.check-digits")]
    [InlineData("NO9396011117947", "iban.check-digits")]
    [InlineData("DE88370400440532013000", "iban.check-digits")]
    public void Malformed_ibans_are_refused(string? value, string expectedError)
    {
        Iban.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error!.Code.ShouldBe(expectedError);
    }

    [Fact]
    public void A_Norwegian_iban_whose_mod97_holds_but_whose_account_control_digit_fails_is_refused()
    {
        // Same account as the example with the last digit changed, then given freshly computed mod-97 check digits.
        var forged = ReferenceIban.Build("NO", "86011117948");
        ReferenceIban.Holds(forged).ShouldBeTrue();

        Iban.TryParse(forged, out _, out var error).ShouldBeFalse();
        error!.Code.ShouldBe("iban.account-control-digit");
    }

    [Fact]
    public void Check_digits_99_are_refused_although_they_are_congruent_to_a_valid_02()
    {
        var bban = Enumerable.Range(0, 100_000)
            .Select(n => "370400440532" + n.ToString("000000", System.Globalization.CultureInfo.InvariantCulture))
            .First(b => ReferenceIban.CheckDigits("DE", b) == "02");
        ReferenceIban.Holds($"DE99{bban}").ShouldBeTrue();

        Iban.TryParse($"DE02{bban}", out _, out var valid).ShouldBeTrue(valid?.Message);
        Iban.TryParse($"DE99{bban}", out _, out var error).ShouldBeFalse();
        error!.Code.ShouldBe("iban.check-digits");
    }
}
