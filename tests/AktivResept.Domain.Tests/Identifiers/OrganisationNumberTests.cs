using AktivResept.Domain.Identifiers;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Identifiers;

public class OrganisationNumberTests
{
    [Fact]
    public void A_hand_checked_organisation_number_is_accepted()
    {
        // 97476067 + 3: 9·3 + 7·2 + 4·7 + 7·6 + 6·5 + 0·4 + 6·3 + 7·2 = 173; 173 mod 11 = 8; 11 − 8 = 3.
        ReferenceMod11.Control("97476067", ReferenceMod11.Organisation).ShouldBe(3);

        OrganisationNumber.Parse("974760673").Value.ShouldBe("974760673");
    }

    [Fact]
    public void Spaces_between_groups_are_ignored()
    {
        OrganisationNumber.Parse("974 760 673").Value.ShouldBe("974760673");
    }

    [Theory]
    [InlineData(null, "organisation-number.digits")]
    [InlineData("", "organisation-number.digits")]
    [InlineData("97476067", "organisation-number.digits")]
    [InlineData("9747606730", "organisation-number.digits")]
    [InlineData("97476067X", "organisation-number.digits")]
    [InlineData("974760674", "organisation-number.control-digit")]
    [InlineData("974760683", "organisation-number.control-digit")]
    public void Malformed_organisation_numbers_are_refused(string? value, string expectedError)
    {
        OrganisationNumber.TryParse(value, out var result, out var error).ShouldBeFalse();

        result.ShouldBeNull();
        error!.Code.ShouldBe(expectedError);
    }

    [Fact]
    public void A_stem_whose_remainder_is_one_has_no_valid_control_digit()
    {
        var stem = Enumerable.Range(10_000_000, 1000)
            .Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(s => ReferenceMod11.Control(s, ReferenceMod11.Organisation) is null);

        foreach (var digit in Enumerable.Range(0, 10))
        {
            OrganisationNumber.TryParse($"{stem}{digit}", out _, out _).ShouldBeFalse($"{stem}{digit}");
        }
    }

    [Property(Arbitrary = [typeof(IdentifierGenerators)], MaxTest = 500)]
    public void Changing_any_single_digit_makes_an_organisation_number_invalid(OrganisationDigitChange change)
    {
        OrganisationNumber.TryParse(change.Original, out _, out _).ShouldBeTrue();

        OrganisationNumber.TryParse(change.Changed, out _, out var error).ShouldBeFalse();
        error!.Code.ShouldBe("organisation-number.control-digit");
    }
}
