using AktivResept.Domain.Identifiers;

namespace AktivResept.Domain.Tests.Identifiers;

public class BicTests
{
    [Theory]
    [InlineData("DNBANOKK", "DNBANOKK")]
    [InlineData("DNBANOKKXXX", "DNBANOKKXXX")]
    [InlineData("ndeanokk", "NDEANOKK")]
    [InlineData(" SPRONO22 ", "SPRONO22")]
    [InlineData("1234NOKK", "1234NOKK")]
    public void Eight_and_eleven_character_codes_are_accepted(string written, string expected)
    {
        var bic = Bic.Parse(written);

        bic.Value.ShouldBe(expected);
        bic.CountryCode.ShouldBe("NO");
    }

    [Theory]
    [InlineData(null, "must be 8 or 11 characters")]
    [InlineData("DNBANOK", "must be 8 or 11 characters")]
    [InlineData("DNBANOKKXX", "must be 8 or 11 characters")]
    [InlineData("DNBANOKKXXXX", "must be 8 or 11 characters")]
    [InlineData("DNBA1OKK", "must be letters or digits with a two-letter country code in positions 5–6")]
    [InlineData("DNBANOK-", "must be letters or digits with a two-letter country code in positions 5–6")]
    [InlineData("DNB NOKK", "must be letters or digits with a two-letter country code in positions 5–6")]
    public void Malformed_codes_are_refused(string? value, string expectedError)
    {
        Bic.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error.ShouldBe(expectedError);
    }
}
