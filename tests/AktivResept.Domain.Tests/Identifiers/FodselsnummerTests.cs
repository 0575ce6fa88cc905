using AktivResept.Domain.Identifiers;

namespace AktivResept.Domain.Tests.Identifiers;

public class FodselsnummerTests
{
    [Fact]
    public void A_hand_checked_number_is_accepted_with_its_birth_date()
    {
        // 150690 123 + k1 k2, born 15 June 1990, individual number 123.
        // k1: 1·3 + 5·7 + 0·6 + 6·1 + 9·8 + 0·9 + 1·4 + 2·5 + 3·2 = 136; 136 mod 11 = 4; 11 − 4 = 7.
        // k2: 1·5 + 5·4 + 0·3 + 6·2 + 9·7 + 0·6 + 1·5 + 2·4 + 3·3 + 7·2 = 136; 136 mod 11 = 4; 11 − 4 = 7.
        var fnr = Fodselsnummer.Parse("15069012377", allowSynthetic: false);

        fnr.BirthDate.ShouldBe(new DateOnly(1990, 6, 15));
        fnr.Kind.ShouldBe(NationalIdKind.Fodselsnummer);
        fnr.IsSynthetic.ShouldBeFalse();
        fnr.FhirSystem.ShouldBe(NationalIdSystems.Fodselsnummer);
    }

    [Fact]
    public void A_second_hand_checked_number_with_remainder_zero_gets_control_digit_zero()
    {
        // 290200 123: k1 sum = 2·3 + 9·7 + 0·6 + 2·1 + 0·8 + 0·9 + 1·4 + 2·5 + 3·2 = 91; 91 mod 11 = 3; k1 = 8.
        // k2 sum = 2·5 + 9·4 + 0·3 + 2·2 + 0·7 + 0·6 + 1·5 + 2·4 + 3·3 + 8·2 = 88; 88 mod 11 = 0; k2 = 0.
        ReferenceMod11.CompleteFodselsnummer("290200123").ShouldBe("29020012380");

        // Individual number 123 puts year 00 in 1900, which was not a leap year, so the date is impossible.
        Fodselsnummer.TryParse("29020012380", allowSynthetic: false, out _, out var error).ShouldBeFalse();
        error!.Code.ShouldBe("national-id.birth-date");
    }

    [Theory]
    [InlineData(1990, 6, 15, 123)]
    [InlineData(1975, 12, 31, 42)]
    [InlineData(2004, 2, 29, 612)]
    [InlineData(1889, 7, 1, 555)]
    [InlineData(1961, 1, 1, 950)]
    public void Created_numbers_agree_with_the_independent_mod11_rules(int year, int month, int day, int individual)
    {
        var birth = new DateOnly(year, month, day);
        var stem = $"{day:00}{month:00}{year % 100:00}{individual:000}";
        var expected = ReferenceMod11.CompleteFodselsnummer(stem);

        var created = Fodselsnummer.Create(birth, individual, synthetic: false);

        created.ShouldNotBeNull().Value.ShouldBe(expected);
        created.BirthDate.ShouldBe(birth);
    }

    [Fact]
    public void Create_returns_null_when_no_control_digit_fits()
    {
        // 010190 123 gives a first weighted sum of 100, remainder 1: there is no valid first control digit.
        ReferenceMod11.Control("010190123", ReferenceMod11.FodselsnummerFirst).ShouldBeNull();

        Fodselsnummer.Create(new DateOnly(1990, 1, 1), 123, synthetic: false).ShouldBeNull();
    }

    [Fact]
    public void A_D_number_has_forty_added_to_the_day()
    {
        var fnr = Fodselsnummer.Parse("55069000044", allowSynthetic: false);

        fnr.Kind.ShouldBe(NationalIdKind.DNumber);
        fnr.BirthDate.ShouldBe(new DateOnly(1990, 6, 15));
        fnr.FhirSystem.ShouldBe(NationalIdSystems.DNumber);
    }

    [Fact]
    public void Create_builds_a_D_number_when_asked()
    {
        var birth = new DateOnly(1990, 6, 15);
        var individual = Enumerable.Range(0, 500).First(i => Fodselsnummer.Create(birth, i, synthetic: false, dNumber: true) is not null);

        var fnr = Fodselsnummer.Create(birth, individual, synthetic: false, dNumber: true).ShouldNotBeNull();

        fnr.Value[..2].ShouldBe("55");
        fnr.Kind.ShouldBe(NationalIdKind.DNumber);
        fnr.BirthDate.ShouldBe(birth);
    }

    [Fact]
    public void Synthetic_numbers_are_refused_unless_allowed()
    {
        const string synthetic = "15869000016"; // 15.06.1990 with month + 80

        Fodselsnummer.TryParse(synthetic, allowSynthetic: false, out var refused, out var error).ShouldBeFalse();
        refused.ShouldBeNull();
        error!.Code.ShouldBe("national-id.synthetic");

        Fodselsnummer.TryParse(synthetic, allowSynthetic: true, out var accepted, out _).ShouldBeTrue();
        accepted.IsSynthetic.ShouldBeTrue();
        accepted.BirthDate.ShouldBe(new DateOnly(1990, 6, 15));
        accepted.Kind.ShouldBe(NationalIdKind.Fodselsnummer);
    }

    [Fact]
    public void A_synthetic_D_number_is_both_synthetic_and_a_D_number()
    {
        var fnr = Fodselsnummer.Parse("55869000190", allowSynthetic: true);

        fnr.IsSynthetic.ShouldBeTrue();
        fnr.Kind.ShouldBe(NationalIdKind.DNumber);
        fnr.BirthDate.ShouldBe(new DateOnly(1990, 6, 15));
        Should.Throw<FormatException>(() => Fodselsnummer.Parse("55869000190", allowSynthetic: false));
    }

    [Fact]
    public void Real_numbers_are_accepted_whether_or_not_synthetic_ones_are_allowed()
    {
        Fodselsnummer.TryParse("15069012377", allowSynthetic: true, out var fnr, out _).ShouldBeTrue();

        fnr.IsSynthetic.ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, "national-id.digits")]
    [InlineData("", "national-id.digits")]
    [InlineData("1506901237", "national-id.digits")]
    [InlineData("150690123777", "national-id.digits")]
    [InlineData("1506901237a", "national-id.digits")]
    [InlineData("150690 12377", "national-id.digits")]
    [InlineData("-1506901237", "national-id.digits")]
    [InlineData("15069012387", "national-id.control-digits")] // first control digit 7 → 8
    [InlineData("15069012376", "national-id.control-digits")] // second control digit 7 → 6
    [InlineData("31029000096", "national-id.birth-date")] // 31 February
    [InlineData("29029900076", "national-id.birth-date")] // 29 February 1999
    [InlineData("00019000044", "national-id.birth-date")] // day 0
    [InlineData("32019000035", "national-id.birth-date")] // day 32
    [InlineData("40019000038", "national-id.birth-date")] // D-number day 0
    [InlineData("72019000029", "national-id.birth-date")] // D-number day 32
    [InlineData("15009000000", "national-id.birth-date")] // month 0
    [InlineData("15139000029", "national-id.birth-date")] // month 13
    [InlineData("15939000094", "national-id.birth-date")] // synthetic month 13
    public void Malformed_numbers_are_refused_with_a_message(string? value, string expectedError)
    {
        Fodselsnummer.TryParse(value, allowSynthetic: true, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error!.Code.ShouldBe(expectedError);
        Should.Throw<FormatException>(() => Fodselsnummer.Parse(value!, allowSynthetic: true)).Message.ShouldBe(error.Message);
    }

    [Fact]
    public void The_hand_checked_invalid_numbers_fail_only_the_control_digit_they_were_made_to_fail()
    {
        ReferenceMod11.FirstControlHolds("15069012387").ShouldBeFalse();
        ReferenceMod11.SecondControlHolds("15069012376").ShouldBeFalse();
        ReferenceMod11.FirstControlHolds("15069012376").ShouldBeTrue();
    }

    [Fact]
    public void Impossible_dates_are_refused_even_with_valid_control_digits()
    {
        // Guard against the cases above passing for the wrong reason: their control digits are right.
        foreach (var value in new[] { "31029000096", "29029900076", "29020012380" })
        {
            ReferenceMod11.FirstControlHolds(value).ShouldBeTrue(value);
            ReferenceMod11.SecondControlHolds(value).ShouldBeTrue(value);
            Fodselsnummer.TryParse(value, allowSynthetic: true, out _, out _).ShouldBeFalse(value);
        }
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
    {
        Fodselsnummer.Parse("  15069012377 ", allowSynthetic: false).Value.ShouldBe("15069012377");
    }

    [Theory]
    [InlineData("01011500052", 1915)] // 000–499: 1900–1999
    [InlineData("01017550035", 1875)] // 500–749 with year 54–99: 1854–1899
    [InlineData("01011550076", 2015)] // 500–999 with year 00–39: 2000–2039
    [InlineData("01014590001", 1945)] // 900–999 with year 40–99: 1940–1999
    [InlineData("01010000110", 1900)] // boundaries of each rule
    [InlineData("31129949980", 1999)]
    [InlineData("01015474943", 1854)]
    [InlineData("31129950016", 1899)]
    [InlineData("01010050053", 2000)]
    [InlineData("31123999935", 2039)]
    [InlineData("01014090017", 1940)]
    [InlineData("31129999813", 1999)]
    public void The_individual_number_decides_the_century(string value, int expectedYear)
    {
        Fodselsnummer.Parse(value, allowSynthetic: false).BirthDate.Year.ShouldBe(expectedYear);
    }

    [Fact]
    public void The_29th_of_February_2000_is_valid_because_individual_numbers_from_500_mean_the_2000s()
    {
        Fodselsnummer.Parse("29020050088", allowSynthetic: false).BirthDate.ShouldBe(new DateOnly(2000, 2, 29));
        Fodselsnummer.TryParse("29020000064", allowSynthetic: false, out _, out var error).ShouldBeFalse();
        error!.Code.ShouldBe("national-id.birth-date");
    }

    [Fact]
    public void Create_refuses_an_individual_number_that_belongs_to_another_century()
    {
        // Individual numbers 500–749 with year 90 mean 1890, so they cannot encode someone born in 1990.
        var birth = new DateOnly(1990, 1, 1);

        foreach (var individual in Enumerable.Range(500, 250))
        {
            Fodselsnummer.Create(birth, individual, synthetic: false).ShouldBeNull($"individual number {individual}");
        }
    }

    [Fact]
    public void Create_refuses_birth_years_that_no_individual_number_can_encode()
    {
        Enumerable.Range(0, 1000)
            .Select(i => Fodselsnummer.Create(new DateOnly(2045, 5, 5), i, synthetic: false))
            .ShouldAllBe(id => id == null);
        Enumerable.Range(0, 1000)
            .Select(i => Fodselsnummer.Create(new DateOnly(1850, 5, 5), i, synthetic: false))
            .ShouldAllBe(id => id == null);
    }

    [Fact]
    public void Masked_shows_only_the_last_four_digits()
    {
        var fnr = Fodselsnummer.Parse("15069012377", allowSynthetic: false);

        fnr.Masked.ShouldBe("*******2377");
        fnr.Masked.ShouldNotContain("150690");
        fnr.Masked.ShouldNotContain(fnr.Value);
    }

    [Fact]
    public void ToString_and_interpolation_never_reveal_the_full_number()
    {
        var fnr = Fodselsnummer.Parse("15069012377", allowSynthetic: false);

        fnr.ToString().ShouldBe(fnr.Masked);
        $"participant {fnr}".ShouldNotContain("15069012377");
        $"participant {fnr}".ShouldNotContain("150690");
    }

    [Fact]
    public void Error_messages_do_not_echo_the_number()
    {
        foreach (var value in new[] { "15069012387", "31029000096", "15869000016", "1506901237" })
        {
            Fodselsnummer.TryParse(value, allowSynthetic: false, out _, out var error).ShouldBeFalse();
            error!.Message.ShouldNotContain(value[..6]);
        }
    }

    [Fact]
    public void Two_parses_of_the_same_number_are_equal()
    {
        Fodselsnummer.Parse("15069012377", false).ShouldBe(Fodselsnummer.Parse(" 15069012377", false));
        Fodselsnummer.Parse("15069012377", false).ShouldNotBe(Fodselsnummer.Parse("55069000044", false));
    }
}
