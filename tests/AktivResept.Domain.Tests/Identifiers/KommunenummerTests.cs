using AktivResept.Domain.Identifiers;

namespace AktivResept.Domain.Tests.Identifiers;

public class KommunenummerTests
{
    [Theory]
    [InlineData("0301")] // Oslo
    [InlineData("4601")] // Bergen
    [InlineData("5001")] // Trondheim
    public void Four_digit_municipality_numbers_are_accepted(string value)
    {
        Kommunenummer.Parse(value).Value.ShouldBe(value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0000")]
    [InlineData("0099")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("301")]
    [InlineData("12345")]
    public void Other_values_are_refused_with_a_message(string? value)
    {
        Kommunenummer.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error!.Code.ShouldBe("kommunenummer.format");
        Should.Throw<FormatException>(() => Kommunenummer.Parse(value!));
    }
}
