using AktivResept.Domain.Identifiers;

namespace AktivResept.Domain.Tests.Identifiers;

public class HprNumberTests
{
    [Theory]
    [InlineData("1234")]
    [InlineData("9144900")]
    [InlineData("123456789")]
    [InlineData(" 9144900 ")]
    public void Four_to_nine_digits_not_starting_with_zero_are_accepted(string value)
    {
        HprNumber.Parse(value).Value.ShouldBe(value.Trim());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("1234567890")]
    [InlineData("0123456")]
    [InlineData("12a456")]
    [InlineData("-123456")]
    public void Other_values_are_refused_with_a_message(string? value)
    {
        HprNumber.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error!.Code.ShouldBe("hpr-number.format");
    }
}
