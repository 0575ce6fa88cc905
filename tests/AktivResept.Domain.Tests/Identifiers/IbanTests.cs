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
        Iban.TryParse(written, out var iban, out var error).ShouldBeTrue(error);

        iban.Formatted.ShouldBe(written);
        iban.ToAccountNumber().ShouldBeNull();
    }

    [Theory]
    [InlineData(null, "must be a country code, two check digits and letters or digits")]
    [InlineData("", "must be a country code, two check digits and letters or digits")]
    [InlineData("9386011117947NO", "must be a country code, two check digits and letters or digits")]
    [InlineData("NO9386011117-47", "must be a country code, two check digits and letters or digits")]
    [InlineData("NO93860111179470", "must be 15 characters for a Norwegian account")]
    [InlineData("NO938601111794", "must be 15 characters for a Norwegian account")]
    [InlineData("DE8937040044", "must be 15 to 34 characters")]
    [InlineData("DE89370400440532013000370400440532013", "must be 15 to 34 characters")]
    [InlineData("NO9486011117947", "has invalid check digits")]
    [InlineData("NO9386011117948", "has invalid check digits")]
    [InlineData("NO9396011117947", "has invalid check digits")]
    [InlineData("DE88370400440532013000", "has invalid check digits")]
    public void Malformed_ibans_are_refused(string? value, string expectedError)
    {
        Iban.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error.ShouldBe(expectedError);
    }

    [Fact]
    public void A_Norwegian_iban_whose_mod97_holds_but_whose_account_control_digit_fails_is_refused()
    {
        // Same account as the example with the last digit changed, then given freshly computed mod-97 check digits.
        var forged = ReferenceIban.Build("NO", "86011117948");
        ReferenceIban.Holds(forged).ShouldBeTrue();

        Iban.TryParse(forged, out _, out var error).ShouldBeFalse();
        error.ShouldBe("contains a Norwegian account number with an invalid control digit");
    }

    [Fact]
    public void Check_digits_99_are_refused_although_they_are_congruent_to_a_valid_02()
    {
        var bban = Enumerable.Range(0, 100_000)
            .Select(n => "370400440532" + n.ToString("000000", System.Globalization.CultureInfo.InvariantCulture))
            .First(b => ReferenceIban.CheckDigits("DE", b) == "02");
        ReferenceIban.Holds($"DE99{bban}").ShouldBeTrue();

        Iban.TryParse($"DE02{bban}", out _, out var valid).ShouldBeTrue(valid);
        Iban.TryParse($"DE99{bban}", out _, out var error).ShouldBeFalse();
        error.ShouldBe("has invalid check digits");
    }
}
