using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Identifiers;

[Properties(Arbitrary = [typeof(IdentifierGenerators)], MaxTest = 300)]
public class MemberReferenceTests
{
    // Synthetic ids only (month + 80): a fødselsnummer and a D-number.
    private const string Fnr = "12837810092";
    private static readonly string DNumber = Fodselsnummer.Create(new DateOnly(1985, 3, 14), 123, synthetic: true, dNumber: true)!.Value;

    [Theory]
    [InlineData(Fnr)]
    [InlineData("128378 10092")]
    [InlineData("128378-10092")]
    [InlineData("12.83.78 100 92")]
    [InlineData("M-12837810092")]
    [InlineData("fnr:12837810092")]
    [InlineData("12837810092/2")]
    public void A_national_id_in_any_common_spelling_is_refused(string value) =>
        MemberReference.Check(value).ShouldBe(ErrorCodes.MemberRefNationalId.With());

    [Fact]
    public void A_d_number_is_refused() => MemberReference.Check(DNumber).ShouldBe(ErrorCodes.MemberRefNationalId.With());

    [Theory]
    [InlineData("M-10042")]
    [InlineData("apt_0123456789abcdef01234567")]
    [InlineData("12837810093")] // wrong control digit
    [InlineData("128378100921234")] // a 15-digit card number: not cut into 11-digit windows
    [InlineData("912837810092")]
    [InlineData("kort 4000 1234 5678 9010")]
    public void A_member_number_that_is_not_a_national_id_is_accepted(string value) =>
        MemberReference.Check(value).ShouldBeNull();

    [Property]
    public void Every_valid_national_id_is_refused_bare_spaced_or_prefixed(IdRequest request)
    {
        var id = Fodselsnummer.Create(request.BirthDate, request.Individual, request.Synthetic, request.DNumber);
        if (id is null)
        {
            return;
        }

        MemberReference.HoldsNationalId(id.Value).ShouldBeTrue();
        MemberReference.HoldsNationalId($"{id.Value[..6]} {id.Value[6..]}").ShouldBeTrue();
        MemberReference.HoldsNationalId($"M-{id.Value}").ShouldBeTrue();
    }

    [Property]
    public void A_single_changed_digit_makes_an_id_an_ordinary_member_number_exactly_when_it_no_longer_parses(DigitChange change) =>
        MemberReference.HoldsNationalId(change.Changed).ShouldBe(Fodselsnummer.TryParse(change.Changed, allowSynthetic: true, out _, out _));
}
