using AktivResept.Domain.Identifiers;
using FsCheck;
using FsCheck.Fluent;

namespace AktivResept.Domain.Tests.Identifiers;

/// <summary>What <see cref="Fodselsnummer.Create"/> is asked for.</summary>
public sealed record IdRequest(DateOnly BirthDate, int Individual, bool Synthetic, bool DNumber);

/// <summary>A valid national id and a single-digit change to it.</summary>
public sealed record DigitChange(string Original, int Position, char Replacement)
{
    public string Changed => string.Concat(Original.AsSpan(0, Position), Replacement.ToString(), Original.AsSpan(Position + 1));
}

public static class IdentifierGenerators
{
    private static readonly DateOnly Earliest = new(1854, 1, 1);
    private static readonly DateOnly Latest = new(2039, 12, 31);

    private static Gen<bool> Bools => Gen.Elements(true, false);

    private static Gen<IdRequest> Requests =>
        from days in Gen.Choose(0, Latest.DayNumber - Earliest.DayNumber)
        from individual in Gen.Choose(0, 999)
        from synthetic in Bools
        from dNumber in Bools
        select new IdRequest(Earliest.AddDays(days), individual, synthetic, dNumber);

    public static Arbitrary<IdRequest> IdRequests() => Requests.ToArbitrary();

    /// <summary>Changes exactly one digit of a valid id (possibly a control digit) to a different digit.</summary>
    public static Arbitrary<DigitChange> DigitChanges() =>
        (from request in Requests
         let id = Fodselsnummer.Create(request.BirthDate, request.Individual, request.Synthetic, request.DNumber)
         where id is not null
         from position in Gen.Choose(0, 10)
         from shift in Gen.Choose(1, 9)
         select new DigitChange(id.Value, position, (char)('0' + ((id.Value[position] - '0' + shift) % 10))))
        .ToArbitrary();

    /// <summary>A valid organisation number and a single-digit change to it.</summary>
    public static Arbitrary<OrganisationDigitChange> OrganisationDigitChanges() =>
        (from stem in Gen.Choose(0, 99_999_999)
         let digits = stem.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture)
         let control = ReferenceMod11.Control(digits, ReferenceMod11.Organisation)
         where control is not null
         from position in Gen.Choose(0, 8)
         from shift in Gen.Choose(1, 9)
         let original = $"{digits}{control}"
         select new OrganisationDigitChange(original, position, (char)('0' + ((original[position] - '0' + shift) % 10))))
        .ToArbitrary();
}

public sealed record OrganisationDigitChange(string Original, int Position, char Replacement)
{
    public string Changed => string.Concat(Original.AsSpan(0, Position), Replacement.ToString(), Original.AsSpan(Position + 1));
}
