using AktivResept.Domain.Identifiers;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Identifiers;

[Properties(Arbitrary = [typeof(IdentifierGenerators)], MaxTest = 500)]
public class FodselsnummerProperties
{
    [Property]
    public void Created_numbers_parse_back_to_the_same_birth_date_kind_and_synthetic_flag(IdRequest request)
    {
        var created = Fodselsnummer.Create(request.BirthDate, request.Individual, request.Synthetic, request.DNumber);
        if (created is null)
        {
            return;
        }

        created.BirthDate.ShouldBe(request.BirthDate);
        created.Kind.ShouldBe(request.DNumber ? NationalIdKind.DNumber : NationalIdKind.Fodselsnummer);
        created.IsSynthetic.ShouldBe(request.Synthetic);

        Fodselsnummer.TryParse(created.Value, allowSynthetic: true, out var parsed, out var error).ShouldBeTrue(error?.Message);
        parsed.ShouldBe(created);
        Fodselsnummer.TryParse(created.Value, allowSynthetic: false, out _, out _).ShouldBe(!request.Synthetic);
    }

    [Property]
    public void Create_succeeds_exactly_when_the_century_rules_and_control_digits_allow(IdRequest request)
    {
        var year = request.BirthDate.Year;
        var century = ReferenceMod11.OfficialCentury(request.Individual, year % 100);
        var day = request.BirthDate.Day + (request.DNumber ? 40 : 0);
        var month = request.BirthDate.Month + (request.Synthetic ? 80 : 0);
        var expected = ReferenceMod11.CompleteFodselsnummer($"{day:00}{month:00}{year % 100:00}{request.Individual:000}");

        var created = Fodselsnummer.Create(request.BirthDate, request.Individual, request.Synthetic, request.DNumber);

        if (century is null)
        {
            // Never-assigned combinations: no claim beyond the round-trip property above.
            return;
        }

        if (century + (year % 100) == year && expected is not null)
        {
            created.ShouldNotBeNull().Value.ShouldBe(expected);
        }
        else
        {
            created.ShouldBeNull();
        }
    }

    /// <summary>
    /// Every weight of both control digits is non-zero modulo the prime 11, so changing one digit by δ (1 ≤ |δ| ≤ 9)
    /// shifts each weighted sum it takes part in by w·δ ≢ 0 (mod 11). Hence k1 alone catches every single-digit change
    /// in positions 1–10 (the nine data digits and k1 itself), and k2 alone catches every change in positions 1–11.
    /// </summary>
    [Property]
    public void Changing_any_single_digit_makes_the_number_invalid(DigitChange change)
    {
        var changed = change.Changed;
        changed.ShouldNotBe(change.Original);

        if (change.Position <= 9)
        {
            ReferenceMod11.FirstControlHolds(changed).ShouldBeFalse("k1 should catch a change at position " + change.Position);
        }

        ReferenceMod11.SecondControlHolds(changed).ShouldBeFalse("k2 should catch a change at position " + change.Position);

        Fodselsnummer.TryParse(changed, allowSynthetic: true, out _, out var error).ShouldBeFalse();
        error!.Code.ShouldBe("national-id.control-digits");
    }
}
