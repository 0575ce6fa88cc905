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
    [InlineData(null, "bic.length")]
    [InlineData("DNBANOK", "bic.length")]
    [InlineData("DNBANOKKXX", "bic.length")]
    [InlineData("DNBANOKKXXXX", "bic.length")]
    [InlineData("DNBA1OKK", "bic.format")]
    [InlineData("DNBANOK-", "bic.format")]
    [InlineData("DNB NOKK", "bic.format")]
    public void Malformed_codes_are_refused(string? value, string expectedError)
    {
        Bic.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error!.Code.ShouldBe(expectedError);
    }
}
