using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Identifiers;

namespace AktivResept.Domain.Tests.Identifiers;

public class NationalIdSexTests
{
    [Theory]
    [InlineData("12837810092", PersonSex.Female)] // individual number 100: 9th digit 0
    [InlineData("27866510038", PersonSex.Female)] // 100
    [InlineData("04878510025", PersonSex.Female)] // 100
    public void An_even_ninth_digit_is_female(string id, PersonSex expected) =>
        NationalIdSex.Of(Fodselsnummer.Parse(id, allowSynthetic: true)).ShouldBe(expected);

    [Fact]
    public void The_ninth_digit_decides_odd_male_even_female_for_every_individual_number()
    {
        var birth = new DateOnly(1975, 3, 14);
        for (var individual = 0; individual < 500; individual++)
        {
            if (Fodselsnummer.Create(birth, individual, synthetic: true) is { } id)
            {
                NationalIdSex.Of(id).ShouldBe(individual % 2 == 1 ? PersonSex.Male : PersonSex.Female, id.Value);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("1283781009")]
    [InlineData("12837810x92")]
    public void A_value_that_is_not_eleven_digits_is_refused(string value) =>
        Should.Throw<ArgumentException>(() => NationalIdSex.Of(value));
}
