using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace AktivResept.Domain.Tests.Identifiers;

/// <summary>A ten-digit account stem completed with the control digit the reference rule computes.</summary>
public sealed record ValidAccountDigits(string Value);

/// <summary>A valid identifier (account number or IBAN) and a single-digit change to it.</summary>
public sealed record SingleDigitChange(string Original, int Position, char Replacement)
{
    public string Changed => string.Concat(Original.AsSpan(0, Position), Replacement.ToString(), Original.AsSpan(Position + 1));
}

public static class BankAccountGenerators
{
    /// <summary>Any ten-digit stem (leading zeros included) whose control digit exists.</summary>
    private static Gen<string> ValidDigits =>
        from high in Gen.Choose(0, 99_999)
        from low in Gen.Choose(0, 99_999)
        let stem = high.ToString("00000", CultureInfo.InvariantCulture) + low.ToString("00000", CultureInfo.InvariantCulture)
        let control = ReferenceMod11.Control(stem, ReferenceMod11.BankAccount)
        where control is not null
        select $"{stem}{control}";

    public static Arbitrary<ValidAccountDigits> Accounts() => ValidDigits.Select(d => new ValidAccountDigits(d)).ToArbitrary();

    /// <summary>Any digit of a Norwegian IBAN (check digits or account) changed to a different digit.</summary>
    public static Arbitrary<SingleDigitChange> IbanDigitChanges() =>
        (from digits in ValidDigits
         let iban = ReferenceIban.Build("NO", digits)
         from position in Gen.Choose(2, 14)
         from shift in Gen.Choose(1, 9)
         select new SingleDigitChange(iban, position, Shifted(iban[position], shift)))
        .ToArbitrary();

    private static char Shifted(char digit, int shift) => (char)('0' + ((digit - '0' + shift) % 10));

    /// <summary>Any digit of an account number (the control digit included) changed to a different digit.</summary>
    public static Gen<SingleDigitChange> AccountDigitChanges =>
        from digits in ValidDigits
        from position in Gen.Choose(0, 10)
        from shift in Gen.Choose(1, 9)
        select new SingleDigitChange(digits, position, Shifted(digits[position], shift));
}
